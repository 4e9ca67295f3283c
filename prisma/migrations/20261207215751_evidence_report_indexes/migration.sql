-- CreateIndex
CREATE INDEX "Credential_userId_pathSlug_issuedAt_validUntil_revokedAt_id_idx" ON "Credential"("userId", "pathSlug", "issuedAt", "validUntil", "revokedAt", "id");

-- CreateIndex
CREATE INDEX "CredentialEvent_kind_createdAt_idx" ON "CredentialEvent"("kind", "createdAt");

-- CreateIndex
CREATE INDEX "MembershipSpan_orgId_teamId_startsAt_endsAt_active_userId_idx" ON "MembershipSpan"("orgId", "teamId", "startsAt", "endsAt", "active", "userId");

