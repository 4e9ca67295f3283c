-- AlterTable: each row's path from its credential
ALTER TABLE "CredentialSkill" ADD COLUMN "pathSlug" TEXT;
UPDATE "CredentialSkill" cs SET "pathSlug" = c."pathSlug" FROM "Credential" c WHERE c."id" = cs."credentialId";
ALTER TABLE "CredentialSkill" ALTER COLUMN "pathSlug" SET NOT NULL;

-- CreateIndex
CREATE INDEX "CredentialSkill_orgId_skillId_active_member_userId_validUnt_idx" ON "CredentialSkill"("orgId", "skillId", "active", "member", "userId", "validUntil", "objectiveCount", "pathSlug");

