-- DropIndex
DROP INDEX "PathCompletion_userId_pathSlug_idx";

-- CreateIndex
CREATE INDEX "PathCompletion_userId_pathSlug_completedAt_idx" ON "PathCompletion"("userId", "pathSlug", "completedAt");

