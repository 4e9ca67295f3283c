-- CreateTable
CREATE TABLE "WalletExchange" (
    "id" TEXT NOT NULL,
    "credentialId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "challenge" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "holderDid" TEXT,
    "copy" TEXT,

    CONSTRAINT "WalletExchange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WalletExchange_userId_createdAt_idx" ON "WalletExchange"("userId", "createdAt");

