-- The triggers that keep CredentialSkill in step with Membership name the table: they are set aside while
-- it is rebuilt, and written again afterwards, unchanged.
DROP TRIGGER "CredentialSkill_follow_membership_delete";
DROP TRIGGER "CredentialSkill_follow_membership_insert";
DROP TRIGGER "CredentialSkill_follow_membership_update";

-- RedefineTables (each row's path from its credential)
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CredentialSkill" (
    "credentialId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "orgId" TEXT,
    "teamId" TEXT,
    "member" BOOLEAN NOT NULL DEFAULT true,
    "objectives" TEXT NOT NULL,
    "objectiveCount" INTEGER NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "validUntil" DATETIME NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,

    PRIMARY KEY ("credentialId", "skillId"),
    CONSTRAINT "CredentialSkill_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CredentialSkill_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_CredentialSkill" ("active", "credentialId", "member", "objectiveCount", "objectives", "orgId", "skillId", "teamId", "userId", "validUntil", "pathSlug")
SELECT cs."active", cs."credentialId", cs."member", cs."objectiveCount", cs."objectives", cs."orgId", cs."skillId", cs."teamId", cs."userId", cs."validUntil", c."pathSlug"
FROM "CredentialSkill" cs JOIN "Credential" c ON c."id" = cs."credentialId";
DROP TABLE "CredentialSkill";
ALTER TABLE "new_CredentialSkill" RENAME TO "CredentialSkill";
CREATE INDEX "CredentialSkill_orgId_active_member_teamId_skillId_userId_validUntil_idx" ON "CredentialSkill"("orgId", "active", "member", "teamId", "skillId", "userId", "validUntil");
CREATE INDEX "CredentialSkill_userId_orgId_idx" ON "CredentialSkill"("userId", "orgId");
CREATE INDEX "CredentialSkill_orgId_skillId_active_member_userId_validUntil_objectiveCount_pathSlug_idx" ON "CredentialSkill"("orgId", "skillId", "active", "member", "userId", "validUntil", "objectiveCount", "pathSlug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


CREATE TRIGGER "CredentialSkill_follow_membership_delete" AFTER DELETE ON "Membership"
BEGIN
    UPDATE "CredentialSkill" SET "teamId" = NULL, "member" = 0
    WHERE "userId" = OLD."userId" AND "orgId" = OLD."orgId";
END;

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
