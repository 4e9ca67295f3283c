-- CreateTable
CREATE TABLE "OrgJoinDomain" (
    "domain" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrgJoinDomain_pkey" PRIMARY KEY ("domain")
);

-- CreateIndex
CREATE INDEX "OrgJoinDomain_orgId_idx" ON "OrgJoinDomain"("orgId");

-- AddForeignKey
ALTER TABLE "OrgJoinDomain" ADD CONSTRAINT "OrgJoinDomain_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

