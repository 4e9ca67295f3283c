-- AlterTable
ALTER TABLE "OutboxEmail" ADD COLUMN     "html" TEXT;

