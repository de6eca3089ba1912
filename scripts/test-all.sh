#!/usr/bin/env bash
# `npm test`: type check, unit tests, integration tests against a real Kafka
# broker (SQLite, then PostgreSQL when TEST_POSTGRES_URL is set), a production
# Next.js build, and Playwright end-to-end tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format and lint (Biome)"
npx biome ci .

step "type check"
npx tsc --noEmit -p .

step "unit tests"
npx vitest run --project unit

step "integration tests (real broker, SQLite)"
npx vitest run --project integration

if [ -n "${TEST_POSTGRES_URL:-}" ]; then
  step "integration tests (real broker, PostgreSQL)"
  IT_DATABASE_URL="$TEST_POSTGRES_URL" npx vitest run --project integration test/integration
else
  echo "NOTE: TEST_POSTGRES_URL is not set; PostgreSQL tests were SKIPPED (scripts/ci-postgres.sh sets one up)."
fi

step "production build"
npx next build

step "end-to-end tests (Playwright, Chromium)"
npx playwright test
