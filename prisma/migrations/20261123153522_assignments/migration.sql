-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "teamId" TEXT,
    "dueDate" DATETIME,
    "dueDays" INTEGER,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archivedAt" DATETIME
);

-- CreateTable
CREATE TABLE "LearnerAssignment" (
    "assignmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "assignedAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,

    PRIMARY KEY ("assignmentId", "userId"),
    CONSTRAINT "LearnerAssignment_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Assignment_orgId_createdAt_idx" ON "Assignment"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "Assignment_teamId_idx" ON "Assignment"("teamId");

-- CreateIndex
CREATE INDEX "LearnerAssignment_userId_dueAt_idx" ON "LearnerAssignment"("userId", "dueAt");

-- CreateIndex
CREATE INDEX "LearnerAssignment_orgId_pathSlug_dueAt_idx" ON "LearnerAssignment"("orgId", "pathSlug", "dueAt");

