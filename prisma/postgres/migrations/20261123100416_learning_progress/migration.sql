-- CreateTable
CREATE TABLE "PathProgress" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastLessonSlug" TEXT,
    "lastVisitedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lessonsCompletedAt" TIMESTAMP(3),

    CONSTRAINT "PathProgress_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LessonProgress" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "lessonSlug" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "LessonProgress_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckResponse" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "lessonSlug" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "correct" BOOLEAN NOT NULL,
    "answeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CheckResponse_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "PathProgress" ADD CONSTRAINT "PathProgress_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LessonProgress" ADD CONSTRAINT "LessonProgress_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckResponse" ADD CONSTRAINT "CheckResponse_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

