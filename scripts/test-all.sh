#!/usr/bin/env bash
# `npm test`: every check, in the order that fails fastest. Needs PostgreSQL on 127.0.0.1:5432
# (or POSTGRES_ADMIN_URL) and Chromium at /usr/bin/chromium (or CHROMIUM_PATH); .ci/run provides both.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Lint (ESLint)"
npx eslint . --max-warnings 0
step "Format (Prettier)"
npx prettier --check .
step "Types (tsc)"
npx react-router typegen
npx tsc
step "Code layout (no import cycle, only the allowed arrows between folders, no file over 400 lines)"
npx tsx scripts/check-architecture.ts
step "Migrations match the schema (SQLite and PostgreSQL)"
npx tsx scripts/db-check.ts
step "Unit and integration tests on SQLite"
TEST_DATABASE=sqlite npx vitest run
step "Unit and integration tests on PostgreSQL"
TEST_DATABASE=postgresql npx vitest run
step "Learning content"
npx tsx scripts/content-check.ts
step "Build"
npx react-router build
npx tsx scripts/content-build.ts
step "End-to-end tests (Chromium, built site on SQLite and PostgreSQL)"
npx playwright test
