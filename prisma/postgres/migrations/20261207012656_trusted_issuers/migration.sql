-- CreateTable
CREATE TABLE "TrustedIssuerChange" (
    "version" SERIAL NOT NULL,
    "did" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "name" TEXT,
    "url" TEXT,
    "note" TEXT,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrustedIssuerChange_pkey" PRIMARY KEY ("version")
);

-- CreateIndex
CREATE INDEX "TrustedIssuerChange_did_version_idx" ON "TrustedIssuerChange"("did", "version");

