-- CreateTable
CREATE TABLE "PathProgress" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastLessonSlug" TEXT,
    "lastVisitedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lessonsCompletedAt" DATETIME,
    CONSTRAINT "PathProgress_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LessonProgress" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "lessonSlug" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" DATETIME,
    CONSTRAINT "LessonProgress_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CheckResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "lessonSlug" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "correct" BOOLEAN NOT NULL,
    "answeredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CheckResponse_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "PathProgress_userId_lastVisitedAt_idx" ON "PathProgress"("userId", "lastVisitedAt");

-- CreateIndex
CREATE UNIQUE INDEX "PathProgress_userId_pathSlug_key" ON "PathProgress"("userId", "pathSlug");

-- CreateIndex
CREATE INDEX "LessonProgress_userId_pathSlug_idx" ON "LessonProgress"("userId", "pathSlug");

-- CreateIndex
CREATE UNIQUE INDEX "LessonProgress_userId_pathSlug_lessonSlug_key" ON "LessonProgress"("userId", "pathSlug", "lessonSlug");

-- CreateIndex
CREATE INDEX "CheckResponse_userId_pathSlug_lessonSlug_idx" ON "CheckResponse"("userId", "pathSlug", "lessonSlug");

-- CreateIndex
CREATE UNIQUE INDEX "CheckResponse_userId_pathSlug_questionId_key" ON "CheckResponse"("userId", "pathSlug", "questionId");

