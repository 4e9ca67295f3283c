-- AlterTable
ALTER TABLE "Credential" ADD COLUMN     "onProfile" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "CredentialSkill" (
    "credentialId" TEXT NOT NULL,
    "skillId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "orgId" TEXT,
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
CREATE INDEX "CredentialSkill_orgId_active_skillId_validUntil_userId_idx" ON "CredentialSkill"("orgId", "active", "skillId", "validUntil", "userId");

-- CreateIndex
CREATE INDEX "CredentialSkill_userId_skillId_idx" ON "CredentialSkill"("userId", "skillId");

-- CreateIndex
CREATE UNIQUE INDEX "PublicProfile_handle_key" ON "PublicProfile"("handle");

-- AddForeignKey
ALTER TABLE "CredentialSkill" ADD CONSTRAINT "CredentialSkill_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CredentialSkill" ADD CONSTRAINT "CredentialSkill_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublicProfile" ADD CONSTRAINT "PublicProfile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

