-- CreateTable
CREATE TABLE "AttemptItem" (
    "attemptId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "correct" INTEGER NOT NULL,
    "restScore" INTEGER NOT NULL,
    "firstAttempt" BOOLEAN NOT NULL,
    "submittedAt" DATETIME NOT NULL,

    PRIMARY KEY ("attemptId", "questionId"),
    CONSTRAINT "AttemptItem_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "AssessmentAttempt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

    PRIMARY KEY ("orgId", "pathSlug", "firstAttempt", "questionId"),
    CONSTRAINT "ItemStat_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

