-- CreateTable
CREATE TABLE "SiteIssuer" (
    "did" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SiteIssuer_pkey" PRIMARY KEY ("did")
);

