-- AlterTable
ALTER TABLE "User" ADD COLUMN     "identitySalt" TEXT;

-- CreateTable
CREATE TABLE "Credential" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "completionId" TEXT NOT NULL,
    "orgId" TEXT,
    "pathSlug" TEXT NOT NULL,
    "achievementId" TEXT NOT NULL,
    "publicId" TEXT NOT NULL,
    "publicLinkEnabled" BOOLEAN NOT NULL DEFAULT true,
    "document" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "validUntil" TIMESTAMP(3) NOT NULL,
    "revocationListId" INTEGER NOT NULL,
    "revocationIndex" INTEGER NOT NULL,
    "suspensionListId" INTEGER NOT NULL,
    "suspensionIndex" INTEGER NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "revokedReason" TEXT,
    "revokedById" TEXT,
    "suspendedAt" TIMESTAMP(3),
    "suspendedReason" TEXT,
    "suspendedById" TEXT,

    CONSTRAINT "Credential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CredentialEvent" (
    "id" TEXT NOT NULL,
    "credentialId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reason" TEXT,
    "actorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seenAt" TIMESTAMP(3),

    CONSTRAINT "CredentialEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StatusList" (
    "id" SERIAL NOT NULL,
    "purpose" TEXT NOT NULL,
    "length" INTEGER NOT NULL,
    "allocated" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "document" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StatusList_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Credential_completionId_key" ON "Credential"("completionId");

-- CreateIndex
CREATE UNIQUE INDEX "Credential_publicId_key" ON "Credential"("publicId");

-- CreateIndex
CREATE INDEX "Credential_userId_issuedAt_idx" ON "Credential"("userId", "issuedAt");

-- CreateIndex
CREATE INDEX "Credential_orgId_issuedAt_idx" ON "Credential"("orgId", "issuedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Credential_revocationListId_revocationIndex_key" ON "Credential"("revocationListId", "revocationIndex");

-- CreateIndex
CREATE UNIQUE INDEX "Credential_suspensionListId_suspensionIndex_key" ON "Credential"("suspensionListId", "suspensionIndex");

-- CreateIndex
CREATE INDEX "CredentialEvent_credentialId_createdAt_idx" ON "CredentialEvent"("credentialId", "createdAt");

-- CreateIndex
CREATE INDEX "StatusList_purpose_id_idx" ON "StatusList"("purpose", "id");

-- AddForeignKey
ALTER TABLE "Credential" ADD CONSTRAINT "Credential_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Credential" ADD CONSTRAINT "Credential_completionId_fkey" FOREIGN KEY ("completionId") REFERENCES "PathCompletion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CredentialEvent" ADD CONSTRAINT "CredentialEvent_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential"("id") ON DELETE CASCADE ON UPDATE CASCADE;

