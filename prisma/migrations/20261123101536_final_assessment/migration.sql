-- CreateTable
CREATE TABLE "AssessmentAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "questionIds" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submittedAt" DATETIME,
    "answers" TEXT,
    "score" REAL,
    "passed" BOOLEAN,
    CONSTRAINT "AssessmentAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PathCompletion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "score" REAL NOT NULL,
    "completedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PathCompletion_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PathCompletion_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "AssessmentAttempt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AssessmentAttempt_userId_pathSlug_startedAt_idx" ON "AssessmentAttempt"("userId", "pathSlug", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "PathCompletion_attemptId_key" ON "PathCompletion"("attemptId");

-- CreateIndex
CREATE INDEX "PathCompletion_userId_pathSlug_idx" ON "PathCompletion"("userId", "pathSlug");

