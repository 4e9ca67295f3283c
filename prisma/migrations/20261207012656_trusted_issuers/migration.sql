-- CreateTable
CREATE TABLE "TrustedIssuerChange" (
    "version" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "did" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "name" TEXT,
    "url" TEXT,
    "note" TEXT,
    "changedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "TrustedIssuerChange_did_version_idx" ON "TrustedIssuerChange"("did", "version");

