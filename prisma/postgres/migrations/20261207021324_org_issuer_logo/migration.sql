-- AlterTable
ALTER TABLE "OrgIssuer" ADD COLUMN     "logo" BYTEA,
ADD COLUMN     "logoType" TEXT;

