-- AlterTable
ALTER TABLE "LearnerAssignment" ADD COLUMN     "round" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "deactivatedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "expiryReminderDays" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "reminderDays" TEXT NOT NULL DEFAULT '7,1';

-- CreateTable
CREATE TABLE "Reminder" (
    "id" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Reminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "orgId" TEXT,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "userId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CalendarFeed_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "TeamSkillTarget" (
    "teamId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "targetPercent" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TeamSkillTarget_pkey" PRIMARY KEY ("teamId","skillId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Reminder_assignmentId_userId_round_kind_key" ON "Reminder"("assignmentId", "userId", "round", "kind");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_createdAt_idx" ON "Notification"("userId", "readAt", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_tokenHash_key" ON "CalendarFeed"("tokenHash");

-- CreateIndex
CREATE INDEX "TeamSkillTarget_orgId_idx" ON "TeamSkillTarget"("orgId");

-- AddForeignKey
ALTER TABLE "TeamSkillTarget" ADD CONSTRAINT "TeamSkillTarget_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Evidence rows count for their team only while the membership is active (not deactivated).
CREATE OR REPLACE FUNCTION "credential_skill_follow_membership"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE "CredentialSkill" SET "teamId" = NULL, "member" = false
        WHERE "userId" = OLD."userId" AND "orgId" = OLD."orgId";
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE "CredentialSkill" SET "teamId" = NEW."teamId", "member" = (NEW."deactivatedAt" IS NULL)
        WHERE "userId" = NEW."userId" AND "orgId" = NEW."orgId";
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER "CredentialSkill_follow_membership" ON "Membership";
CREATE TRIGGER "CredentialSkill_follow_membership"
AFTER INSERT OR DELETE OR UPDATE OF "teamId", "orgId", "userId", "deactivatedAt" ON "Membership"
FOR EACH ROW EXECUTE FUNCTION "credential_skill_follow_membership"();
