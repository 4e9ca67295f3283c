-- CreateTable
CREATE TABLE "WalletExchange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "credentialId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "challenge" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "holderDid" TEXT,
    "copy" TEXT
);

-- CreateIndex
CREATE INDEX "WalletExchange_userId_createdAt_idx" ON "WalletExchange"("userId", "createdAt");

