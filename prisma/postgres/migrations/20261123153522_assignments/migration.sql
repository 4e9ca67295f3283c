-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "teamId" TEXT,
    "dueDate" TIMESTAMP(3),
    "dueDays" INTEGER,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archivedAt" TIMESTAMP(3),

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LearnerAssignment" (
    "assignmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "assignedAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LearnerAssignment_pkey" PRIMARY KEY ("assignmentId","userId")
);

-- CreateIndex
CREATE INDEX "Assignment_orgId_createdAt_idx" ON "Assignment"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "Assignment_teamId_idx" ON "Assignment"("teamId");

-- CreateIndex
CREATE INDEX "LearnerAssignment_userId_dueAt_idx" ON "LearnerAssignment"("userId", "dueAt");

-- CreateIndex
CREATE INDEX "LearnerAssignment_orgId_pathSlug_dueAt_idx" ON "LearnerAssignment"("orgId", "pathSlug", "dueAt");

-- AddForeignKey
ALTER TABLE "LearnerAssignment" ADD CONSTRAINT "LearnerAssignment_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

