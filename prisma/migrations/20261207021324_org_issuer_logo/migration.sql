-- AlterTable
ALTER TABLE "OrgIssuer" ADD COLUMN "logo" BLOB;
ALTER TABLE "OrgIssuer" ADD COLUMN "logoType" TEXT;

