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
    "validUntil" DATETIME NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,

    PRIMARY KEY ("credentialId", "skillId"),
    CONSTRAINT "CredentialSkill_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CredentialSkill_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PublicProfile" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "handle" TEXT NOT NULL,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PublicProfile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Credential" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "completionId" TEXT NOT NULL,
    "orgId" TEXT,
    "pathSlug" TEXT NOT NULL,
    "achievementId" TEXT NOT NULL,
    "publicId" TEXT NOT NULL,
    "publicLinkEnabled" BOOLEAN NOT NULL DEFAULT true,
    "document" TEXT NOT NULL,
    "issuedAt" DATETIME NOT NULL,
    "validUntil" DATETIME NOT NULL,
    "revocationListId" INTEGER NOT NULL,
    "revocationIndex" INTEGER NOT NULL,
    "suspensionListId" INTEGER NOT NULL,
    "suspensionIndex" INTEGER NOT NULL,
    "revokedAt" DATETIME,
    "revokedReason" TEXT,
    "revokedById" TEXT,
    "suspendedAt" DATETIME,
    "suspendedReason" TEXT,
    "suspendedById" TEXT,
    "onProfile" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Credential_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Credential_completionId_fkey" FOREIGN KEY ("completionId") REFERENCES "PathCompletion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Credential" ("achievementId", "completionId", "document", "id", "issuedAt", "orgId", "pathSlug", "publicId", "publicLinkEnabled", "revocationIndex", "revocationListId", "revokedAt", "revokedById", "revokedReason", "suspendedAt", "suspendedById", "suspendedReason", "suspensionIndex", "suspensionListId", "userId", "validUntil") SELECT "achievementId", "completionId", "document", "id", "issuedAt", "orgId", "pathSlug", "publicId", "publicLinkEnabled", "revocationIndex", "revocationListId", "revokedAt", "revokedById", "revokedReason", "suspendedAt", "suspendedById", "suspendedReason", "suspensionIndex", "suspensionListId", "userId", "validUntil" FROM "Credential";
DROP TABLE "Credential";
ALTER TABLE "new_Credential" RENAME TO "Credential";
CREATE UNIQUE INDEX "Credential_completionId_key" ON "Credential"("completionId");
CREATE UNIQUE INDEX "Credential_publicId_key" ON "Credential"("publicId");
CREATE INDEX "Credential_userId_issuedAt_idx" ON "Credential"("userId", "issuedAt");
CREATE INDEX "Credential_orgId_issuedAt_idx" ON "Credential"("orgId", "issuedAt");
CREATE UNIQUE INDEX "Credential_revocationListId_revocationIndex_key" ON "Credential"("revocationListId", "revocationIndex");
CREATE UNIQUE INDEX "Credential_suspensionListId_suspensionIndex_key" ON "Credential"("suspensionListId", "suspensionIndex");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "CredentialSkill_orgId_active_member_teamId_skillId_userId_validUntil_idx" ON "CredentialSkill"("orgId", "active", "member", "teamId", "skillId", "userId", "validUntil");

-- CreateIndex
CREATE INDEX "CredentialSkill_userId_orgId_idx" ON "CredentialSkill"("userId", "orgId");

-- CreateIndex
CREATE UNIQUE INDEX "PublicProfile_handle_key" ON "PublicProfile"("handle");


-- Keep each evidence row's team and membership in step with the holder's membership of the row's
-- organisation, whatever changes it (a move between teams, leaving, a team deleted), so that
-- coverage per team reads "CredentialSkill" alone.
CREATE TRIGGER "CredentialSkill_follow_membership_insert" AFTER INSERT ON "Membership"
BEGIN
    UPDATE "CredentialSkill" SET "teamId" = NEW."teamId", "member" = 1
    WHERE "userId" = NEW."userId" AND "orgId" = NEW."orgId";
END;

CREATE TRIGGER "CredentialSkill_follow_membership_update" AFTER UPDATE OF "teamId", "orgId", "userId" ON "Membership"
BEGIN
    UPDATE "CredentialSkill" SET "teamId" = NULL, "member" = 0
    WHERE "userId" = OLD."userId" AND "orgId" = OLD."orgId";
    UPDATE "CredentialSkill" SET "teamId" = NEW."teamId", "member" = 1
    WHERE "userId" = NEW."userId" AND "orgId" = NEW."orgId";
END;

CREATE TRIGGER "CredentialSkill_follow_membership_delete" AFTER DELETE ON "Membership"
BEGIN
    UPDATE "CredentialSkill" SET "teamId" = NULL, "member" = 0
    WHERE "userId" = OLD."userId" AND "orgId" = OLD."orgId";
END;
