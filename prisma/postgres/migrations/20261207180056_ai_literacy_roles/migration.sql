-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "renewMonths" INTEGER,
ADD COLUMN     "roleGrantId" TEXT;

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "aiLiteracyStatement" TEXT;

-- CreateTable
CREATE TABLE "AiRole" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "refreshMonths" INTEGER,
    "dueDays" INTEGER NOT NULL DEFAULT 30,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archivedAt" TIMESTAMP(3),

    CONSTRAINT "AiRole_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AiRoleRequirement" (
    "id" TEXT NOT NULL,
    "roleId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),

    CONSTRAINT "AiRoleRequirement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AiRoleGrant" (
    "id" TEXT NOT NULL,
    "roleId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "teamId" TEXT,
    "userId" TEXT,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "createdById" TEXT NOT NULL,

    CONSTRAINT "AiRoleGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MembershipSpan" (
    "id" SERIAL NOT NULL,
    "orgId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "teamId" TEXT,
    "active" BOOLEAN NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),

    CONSTRAINT "MembershipSpan_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AiRole_orgId_name_key" ON "AiRole"("orgId", "name");

-- CreateIndex
CREATE INDEX "AiRoleRequirement_roleId_endsAt_idx" ON "AiRoleRequirement"("roleId", "endsAt");

-- CreateIndex
CREATE INDEX "AiRoleGrant_orgId_endsAt_idx" ON "AiRoleGrant"("orgId", "endsAt");

-- CreateIndex
CREATE INDEX "AiRoleGrant_teamId_idx" ON "AiRoleGrant"("teamId");

-- CreateIndex
CREATE INDEX "AiRoleGrant_userId_idx" ON "AiRoleGrant"("userId");

-- CreateIndex
CREATE INDEX "MembershipSpan_orgId_startsAt_idx" ON "MembershipSpan"("orgId", "startsAt");

-- CreateIndex
CREATE INDEX "MembershipSpan_userId_orgId_endsAt_idx" ON "MembershipSpan"("userId", "orgId", "endsAt");

-- CreateIndex
CREATE INDEX "Assignment_roleGrantId_idx" ON "Assignment"("roleGrantId");

-- AddForeignKey
ALTER TABLE "AiRole" ADD CONSTRAINT "AiRole_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AiRoleRequirement" ADD CONSTRAINT "AiRoleRequirement_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "AiRole"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AiRoleGrant" ADD CONSTRAINT "AiRoleGrant_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "AiRole"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Membership history, for the AI-literacy evidence report as of a past date. Every membership so far gets
-- the stretch the records show: active from its creation (until its deactivation, then inactive).
INSERT INTO "MembershipSpan" ("orgId", "userId", "teamId", "active", "startsAt", "endsAt")
SELECT "orgId", "userId", "teamId", true, "createdAt", "deactivatedAt" FROM "Membership";
INSERT INTO "MembershipSpan" ("orgId", "userId", "teamId", "active", "startsAt", "endsAt")
SELECT "orgId", "userId", "teamId", false, "deactivatedAt", NULL FROM "Membership" WHERE "deactivatedAt" IS NOT NULL;

-- From now on, a trigger keeps it: a new stretch when the team or the active state changes (from the
-- deactivation's own time, or the database's clock in UTC, as Prisma stores times), none left for a
-- membership that is deleted.
CREATE FUNCTION "membership_span_follow"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    at TIMESTAMP(3);
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM "MembershipSpan" WHERE "userId" = OLD."userId" AND "orgId" = OLD."orgId";
        RETURN OLD;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO "MembershipSpan" ("orgId", "userId", "teamId", "active", "startsAt")
        VALUES (NEW."orgId", NEW."userId", NEW."teamId", NEW."deactivatedAt" IS NULL, NEW."createdAt");
        RETURN NEW;
    END IF;
    IF OLD."teamId" IS NOT DISTINCT FROM NEW."teamId"
        AND (OLD."deactivatedAt" IS NULL) = (NEW."deactivatedAt" IS NULL) THEN
        RETURN NEW;
    END IF;
    at := CASE WHEN OLD."deactivatedAt" IS NULL AND NEW."deactivatedAt" IS NOT NULL
        THEN NEW."deactivatedAt" ELSE timezone('UTC', clock_timestamp()) END;
    UPDATE "MembershipSpan" SET "endsAt" = at
    WHERE "userId" = OLD."userId" AND "orgId" = OLD."orgId" AND "endsAt" IS NULL;
    INSERT INTO "MembershipSpan" ("orgId", "userId", "teamId", "active", "startsAt")
    VALUES (NEW."orgId", NEW."userId", NEW."teamId", NEW."deactivatedAt" IS NULL, at);
    RETURN NEW;
END;
$$;

CREATE TRIGGER "MembershipSpan_follow"
AFTER INSERT OR UPDATE OF "teamId", "deactivatedAt" OR DELETE ON "Membership"
FOR EACH ROW EXECUTE FUNCTION "membership_span_follow"();
