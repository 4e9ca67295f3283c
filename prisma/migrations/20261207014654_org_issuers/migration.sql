-- AlterTable
ALTER TABLE "StatusList" ADD COLUMN "orgId" TEXT;

-- CreateTable
CREATE TABLE "OrgIssuer" (
    "orgId" TEXT NOT NULL PRIMARY KEY,
    "did" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT,
    "description" TEXT,
    "email" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OrgIssuer_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IssuerKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "did" TEXT NOT NULL,
    "publicKeyMultibase" TEXT NOT NULL,
    "secretKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "OrgIssuer_did_key" ON "OrgIssuer"("did");

-- CreateIndex
CREATE INDEX "IssuerKey_did_createdAt_idx" ON "IssuerKey"("did", "createdAt");

-- CreateIndex
CREATE INDEX "StatusList_purpose_orgId_id_idx" ON "StatusList"("purpose", "orgId", "id");

