-- CreateIndex
CREATE INDEX "PathCompletion_pathSlug_userId_completedAt_idx" ON "PathCompletion"("pathSlug", "userId", "completedAt");

-- CreateIndex
CREATE INDEX "PathProgress_pathSlug_userId_startedAt_lastVisitedAt_idx" ON "PathProgress"("pathSlug", "userId", "startedAt", "lastVisitedAt");

-- CreateIndex
CREATE INDEX "User_name_id_idx" ON "User"("name", "id");

