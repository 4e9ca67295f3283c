-- CreateTable
CREATE TABLE "AssessmentAttempt" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "questionIds" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" TIMESTAMP(3),
    "answers" TEXT,
    "score" DOUBLE PRECISION,
    "passed" BOOLEAN,

    CONSTRAINT "AssessmentAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PathCompletion" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "completedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PathCompletion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AssessmentAttempt_userId_pathSlug_startedAt_idx" ON "AssessmentAttempt"("userId", "pathSlug", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "PathCompletion_attemptId_key" ON "PathCompletion"("attemptId");

-- CreateIndex
CREATE INDEX "PathCompletion_userId_pathSlug_idx" ON "PathCompletion"("userId", "pathSlug");

-- AddForeignKey
ALTER TABLE "AssessmentAttempt" ADD CONSTRAINT "AssessmentAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PathCompletion" ADD CONSTRAINT "PathCompletion_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PathCompletion" ADD CONSTRAINT "PathCompletion_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "AssessmentAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

