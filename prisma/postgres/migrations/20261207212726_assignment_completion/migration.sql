-- AlterTable
ALTER TABLE "LearnerAssignment" ADD COLUMN     "completedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "LearnerAssignment_assignmentId_assignedAt_dueAt_completedAt_idx" ON "LearnerAssignment"("assignmentId", "assignedAt", "dueAt", "completedAt");


-- Each person's first completion of the path in the current round, from the records.
UPDATE "LearnerAssignment" la SET "completedAt" = (
    SELECT MIN(pc."completedAt") FROM "PathCompletion" pc
    WHERE pc."userId" = la."userId" AND pc."pathSlug" = la."pathSlug" AND pc."completedAt" >= la."assignedAt");

-- From now on, triggers keep it: when someone is assigned or a round starts again (a new assignment time),
-- when a completion is written, and when one is changed or removed.
CREATE FUNCTION "learner_assignment_completion"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW."completedAt" := (
        SELECT MIN(pc."completedAt") FROM "PathCompletion" pc
        WHERE pc."userId" = NEW."userId" AND pc."pathSlug" = NEW."pathSlug" AND pc."completedAt" >= NEW."assignedAt");
    RETURN NEW;
END;
$$;

CREATE TRIGGER "LearnerAssignment_completion"
BEFORE INSERT OR UPDATE OF "assignedAt", "pathSlug", "userId" ON "LearnerAssignment"
FOR EACH ROW EXECUTE FUNCTION "learner_assignment_completion"();

CREATE FUNCTION "path_completion_to_assignments"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE "LearnerAssignment" SET "completedAt" = NEW."completedAt"
        WHERE "userId" = NEW."userId" AND "pathSlug" = NEW."pathSlug" AND "assignedAt" <= NEW."completedAt"
            AND ("completedAt" IS NULL OR "completedAt" > NEW."completedAt");
        RETURN NEW;
    END IF;
    UPDATE "LearnerAssignment" la SET "completedAt" = (
        SELECT MIN(pc."completedAt") FROM "PathCompletion" pc
        WHERE pc."userId" = la."userId" AND pc."pathSlug" = la."pathSlug" AND pc."completedAt" >= la."assignedAt")
    WHERE (la."userId" = OLD."userId" AND la."pathSlug" = OLD."pathSlug")
        OR (TG_OP = 'UPDATE' AND la."userId" = NEW."userId" AND la."pathSlug" = NEW."pathSlug");
    RETURN NULL;
END;
$$;

CREATE TRIGGER "PathCompletion_to_assignments"
AFTER INSERT OR UPDATE OF "completedAt", "userId", "pathSlug" OR DELETE ON "PathCompletion"
FOR EACH ROW EXECUTE FUNCTION "path_completion_to_assignments"();
