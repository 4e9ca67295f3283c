-- CreateTable
CREATE TABLE "AttemptItem" (
    "attemptId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "correct" INTEGER NOT NULL,
    "restScore" INTEGER NOT NULL,
    "firstAttempt" BOOLEAN NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AttemptItem_pkey" PRIMARY KEY ("attemptId","questionId")
);

-- CreateTable
CREATE TABLE "ItemStat" (
    "orgId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "firstAttempt" BOOLEAN NOT NULL,
    "answers" INTEGER NOT NULL DEFAULT 0,
    "sumX" INTEGER NOT NULL DEFAULT 0,
    "sumY" INTEGER NOT NULL DEFAULT 0,
    "sumXY" INTEGER NOT NULL DEFAULT 0,
    "sumYY" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ItemStat_pkey" PRIMARY KEY ("orgId","pathSlug","firstAttempt","questionId")
);

-- AddForeignKey
ALTER TABLE "AttemptItem" ADD CONSTRAINT "AttemptItem_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "AssessmentAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemStat" ADD CONSTRAINT "ItemStat_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

