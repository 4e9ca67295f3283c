#!/usr/bin/env bash
# `npm test`: every check, in the order that fails fastest. PostgreSQL: POSTGRES_ADMIN_URL, else the server on
# 127.0.0.1:5432, else one started from embedded-postgres for this run and stopped when it ends
# (scripts/with-postgres.ts holds it; the whole run runs under it). Chromium at /usr/bin/chromium (or
# CHROMIUM_PATH); .ci/run installs it.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${TEST_POSTGRES:-}" ]]; then
	exec node_modules/.bin/tsx scripts/with-postgres.ts bash scripts/test-all.sh "$@"
fi

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Lint (ESLint)"
npx eslint . --max-warnings 0
step "Format (Prettier)"
npx prettier --check .
step "Types (tsc)"
npx react-router typegen
npx tsc
step "Migrations match the schema (SQLite and PostgreSQL)"
npx tsx scripts/db-check.ts
step "Unit and integration tests on SQLite"
TEST_DATABASE=sqlite npx vitest run
step "Unit and integration tests on PostgreSQL ($TEST_POSTGRES)"
TEST_DATABASE=postgresql npx vitest run
step "Learning content"
npx tsx scripts/content-check.ts
step "Build"
npx react-router build
npx tsx scripts/content-build.ts
step "End-to-end tests (Chromium, built site on SQLite and PostgreSQL)"
npx playwright test
