-- AlterTable
ALTER TABLE "Membership" ADD COLUMN "deactivatedAt" DATETIME;

-- CreateTable
CREATE TABLE "Reminder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "assignmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "orgId" TEXT,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" DATETIME
);

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "TeamSkillTarget" (
    "teamId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "targetPercent" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("teamId", "skillId"),
    CONSTRAINT "TeamSkillTarget_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LearnerAssignment" (
    "assignmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "assignedAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "round" INTEGER NOT NULL DEFAULT 1,

    PRIMARY KEY ("assignmentId", "userId"),
    CONSTRAINT "LearnerAssignment_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_LearnerAssignment" ("assignedAt", "assignmentId", "dueAt", "orgId", "pathSlug", "userId") SELECT "assignedAt", "assignmentId", "dueAt", "orgId", "pathSlug", "userId" FROM "LearnerAssignment";
DROP TABLE "LearnerAssignment";
ALTER TABLE "new_LearnerAssignment" RENAME TO "LearnerAssignment";
CREATE INDEX "LearnerAssignment_userId_dueAt_idx" ON "LearnerAssignment"("userId", "dueAt");
CREATE INDEX "LearnerAssignment_orgId_pathSlug_dueAt_idx" ON "LearnerAssignment"("orgId", "pathSlug", "dueAt");
CREATE TABLE "new_Organization" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reminderDays" TEXT NOT NULL DEFAULT '7,1',
    "expiryReminderDays" INTEGER NOT NULL DEFAULT 30
);
INSERT INTO "new_Organization" ("createdAt", "id", "name", "slug") SELECT "createdAt", "id", "name", "slug" FROM "Organization";
DROP TABLE "Organization";
ALTER TABLE "new_Organization" RENAME TO "Organization";
CREATE UNIQUE INDEX "Organization_slug_key" ON "Organization"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Reminder_assignmentId_userId_round_kind_key" ON "Reminder"("assignmentId", "userId", "round", "kind");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_createdAt_idx" ON "Notification"("userId", "readAt", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_tokenHash_key" ON "CalendarFeed"("tokenHash");

-- CreateIndex
CREATE INDEX "TeamSkillTarget_orgId_idx" ON "TeamSkillTarget"("orgId");


-- Evidence rows count for their team only while the membership is active (not deactivated).
DROP TRIGGER "CredentialSkill_follow_membership_insert";
DROP TRIGGER "CredentialSkill_follow_membership_update";

CREATE TRIGGER "CredentialSkill_follow_membership_insert" AFTER INSERT ON "Membership"
BEGIN
    UPDATE "CredentialSkill" SET "teamId" = NEW."teamId", "member" = (NEW."deactivatedAt" IS NULL)
    WHERE "userId" = NEW."userId" AND "orgId" = NEW."orgId";
END;

CREATE TRIGGER "CredentialSkill_follow_membership_update"
AFTER UPDATE OF "teamId", "orgId", "userId", "deactivatedAt" ON "Membership"
BEGIN
    UPDATE "CredentialSkill" SET "teamId" = NULL, "member" = 0
    WHERE "userId" = OLD."userId" AND "orgId" = OLD."orgId";
    UPDATE "CredentialSkill" SET "teamId" = NEW."teamId", "member" = (NEW."deactivatedAt" IS NULL)
    WHERE "userId" = NEW."userId" AND "orgId" = NEW."orgId";
END;
