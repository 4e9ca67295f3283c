-- AlterTable
ALTER TABLE "Credential" ADD COLUMN     "onProfile" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "CredentialSkill" (
    "credentialId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "orgId" TEXT,
    "teamId" TEXT,
    "member" BOOLEAN NOT NULL DEFAULT true,
    "objectives" TEXT NOT NULL,
    "objectiveCount" INTEGER NOT NULL,
    "validUntil" TIMESTAMP(3) NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "CredentialSkill_pkey" PRIMARY KEY ("credentialId","skillId")
);

-- CreateTable
CREATE TABLE "PublicProfile" (
    "userId" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PublicProfile_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE INDEX "CredentialSkill_orgId_active_member_teamId_skillId_userId_v_idx" ON "CredentialSkill"("orgId", "active", "member", "teamId", "skillId", "userId", "validUntil");

-- CreateIndex
CREATE INDEX "CredentialSkill_userId_orgId_idx" ON "CredentialSkill"("userId", "orgId");

-- CreateIndex
CREATE UNIQUE INDEX "PublicProfile_handle_key" ON "PublicProfile"("handle");

-- AddForeignKey
ALTER TABLE "CredentialSkill" ADD CONSTRAINT "CredentialSkill_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CredentialSkill" ADD CONSTRAINT "CredentialSkill_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublicProfile" ADD CONSTRAINT "PublicProfile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Keep each evidence row's team and membership in step with the holder's membership of the row's
-- organisation, whatever changes it (a move between teams, leaving, a team deleted), so that
-- coverage per team reads "CredentialSkill" alone.
CREATE FUNCTION "credential_skill_follow_membership"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE "CredentialSkill" SET "teamId" = NULL, "member" = false
        WHERE "userId" = OLD."userId" AND "orgId" = OLD."orgId";
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE "CredentialSkill" SET "teamId" = NEW."teamId", "member" = true
        WHERE "userId" = NEW."userId" AND "orgId" = NEW."orgId";
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "CredentialSkill_follow_membership"
AFTER INSERT OR DELETE OR UPDATE OF "teamId", "orgId", "userId" ON "Membership"
FOR EACH ROW EXECUTE FUNCTION "credential_skill_follow_membership"();
