-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN "renewMonths" INTEGER;
ALTER TABLE "Assignment" ADD COLUMN "roleGrantId" TEXT;

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "aiLiteracyStatement" TEXT;

-- CreateTable
CREATE TABLE "AiRole" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "refreshMonths" INTEGER,
    "dueDays" INTEGER NOT NULL DEFAULT 30,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archivedAt" DATETIME,
    CONSTRAINT "AiRole_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AiRoleRequirement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roleId" TEXT NOT NULL,
    "pathSlug" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME,
    CONSTRAINT "AiRoleRequirement_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "AiRole" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AiRoleGrant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roleId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "teamId" TEXT,
    "userId" TEXT,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME,
    "createdById" TEXT NOT NULL,
    CONSTRAINT "AiRoleGrant_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "AiRole" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MembershipSpan" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "orgId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "teamId" TEXT,
    "active" BOOLEAN NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME
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


-- Membership history, for the AI-literacy evidence report as of a past date. Every membership so far gets
-- the stretch the records show: active from its creation (until its deactivation, then inactive).
INSERT INTO "MembershipSpan" ("orgId", "userId", "teamId", "active", "startsAt", "endsAt")
SELECT "orgId", "userId", "teamId", 1, "createdAt", "deactivatedAt" FROM "Membership";
INSERT INTO "MembershipSpan" ("orgId", "userId", "teamId", "active", "startsAt", "endsAt")
SELECT "orgId", "userId", "teamId", 0, "deactivatedAt", NULL FROM "Membership" WHERE "deactivatedAt" IS NOT NULL;

-- From now on, triggers keep it: a new stretch when the team or the active state changes (from the
-- deactivation's own time, or the database's clock), none left for a membership that is deleted.
CREATE TRIGGER "MembershipSpan_open" AFTER INSERT ON "Membership"
BEGIN
    INSERT INTO "MembershipSpan" ("orgId", "userId", "teamId", "active", "startsAt")
    VALUES (NEW."orgId", NEW."userId", NEW."teamId", NEW."deactivatedAt" IS NULL, NEW."createdAt");
END;

CREATE TRIGGER "MembershipSpan_change" AFTER UPDATE OF "teamId", "deactivatedAt" ON "Membership"
WHEN OLD."teamId" IS NOT NEW."teamId" OR (OLD."deactivatedAt" IS NULL) <> (NEW."deactivatedAt" IS NULL)
BEGIN
    UPDATE "MembershipSpan"
    SET "endsAt" = CASE WHEN OLD."deactivatedAt" IS NULL AND NEW."deactivatedAt" IS NOT NULL
        THEN NEW."deactivatedAt" ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END
    WHERE "userId" = OLD."userId" AND "orgId" = OLD."orgId" AND "endsAt" IS NULL;
    INSERT INTO "MembershipSpan" ("orgId", "userId", "teamId", "active", "startsAt")
    VALUES (NEW."orgId", NEW."userId", NEW."teamId", NEW."deactivatedAt" IS NULL,
        CASE WHEN OLD."deactivatedAt" IS NULL AND NEW."deactivatedAt" IS NOT NULL
        THEN NEW."deactivatedAt" ELSE strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') END);
END;

CREATE TRIGGER "MembershipSpan_remove" AFTER DELETE ON "Membership"
BEGIN
    DELETE FROM "MembershipSpan" WHERE "userId" = OLD."userId" AND "orgId" = OLD."orgId";
END;
