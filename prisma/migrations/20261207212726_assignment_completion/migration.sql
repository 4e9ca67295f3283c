-- AlterTable
ALTER TABLE "LearnerAssignment" ADD COLUMN "completedAt" DATETIME;

-- CreateIndex
CREATE INDEX "LearnerAssignment_assignmentId_assignedAt_dueAt_completedAt_idx" ON "LearnerAssignment"("assignmentId", "assignedAt", "dueAt", "completedAt");


-- Each person's first completion of the path in the current round, from the records.
UPDATE "LearnerAssignment" SET "completedAt" = (
    SELECT MIN(pc."completedAt") FROM "PathCompletion" pc
    WHERE pc."userId" = "LearnerAssignment"."userId" AND pc."pathSlug" = "LearnerAssignment"."pathSlug"
        AND pc."completedAt" >= "LearnerAssignment"."assignedAt");

-- From now on, triggers keep it: when someone is assigned or a round starts again (a new assignment time),
-- when a completion is written, and when one is changed or removed.
CREATE TRIGGER "LearnerAssignment_completion_on_assign" AFTER INSERT ON "LearnerAssignment"
BEGIN
    UPDATE "LearnerAssignment" SET "completedAt" = (
        SELECT MIN(pc."completedAt") FROM "PathCompletion" pc
        WHERE pc."userId" = NEW."userId" AND pc."pathSlug" = NEW."pathSlug" AND pc."completedAt" >= NEW."assignedAt")
    WHERE "assignmentId" = NEW."assignmentId" AND "userId" = NEW."userId";
END;

CREATE TRIGGER "LearnerAssignment_completion_on_round" AFTER UPDATE OF "assignedAt", "pathSlug", "userId" ON "LearnerAssignment"
BEGIN
    UPDATE "LearnerAssignment" SET "completedAt" = (
        SELECT MIN(pc."completedAt") FROM "PathCompletion" pc
        WHERE pc."userId" = NEW."userId" AND pc."pathSlug" = NEW."pathSlug" AND pc."completedAt" >= NEW."assignedAt")
    WHERE "assignmentId" = NEW."assignmentId" AND "userId" = NEW."userId";
END;

CREATE TRIGGER "PathCompletion_completes_assignments" AFTER INSERT ON "PathCompletion"
BEGIN
    UPDATE "LearnerAssignment" SET "completedAt" = NEW."completedAt"
    WHERE "userId" = NEW."userId" AND "pathSlug" = NEW."pathSlug" AND "assignedAt" <= NEW."completedAt"
        AND ("completedAt" IS NULL OR "completedAt" > NEW."completedAt");
END;

CREATE TRIGGER "PathCompletion_changed_for_assignments" AFTER UPDATE OF "completedAt", "userId", "pathSlug" ON "PathCompletion"
BEGIN
    UPDATE "LearnerAssignment" SET "completedAt" = (
        SELECT MIN(pc."completedAt") FROM "PathCompletion" pc
        WHERE pc."userId" = "LearnerAssignment"."userId" AND pc."pathSlug" = "LearnerAssignment"."pathSlug"
            AND pc."completedAt" >= "LearnerAssignment"."assignedAt")
    WHERE ("userId" = OLD."userId" AND "pathSlug" = OLD."pathSlug")
        OR ("userId" = NEW."userId" AND "pathSlug" = NEW."pathSlug");
END;

CREATE TRIGGER "PathCompletion_removed_for_assignments" AFTER DELETE ON "PathCompletion"
BEGIN
    UPDATE "LearnerAssignment" SET "completedAt" = (
        SELECT MIN(pc."completedAt") FROM "PathCompletion" pc
        WHERE pc."userId" = "LearnerAssignment"."userId" AND pc."pathSlug" = "LearnerAssignment"."pathSlug"
            AND pc."completedAt" >= "LearnerAssignment"."assignedAt")
    WHERE "userId" = OLD."userId" AND "pathSlug" = OLD."pathSlug" AND "completedAt" = OLD."completedAt";
END;
