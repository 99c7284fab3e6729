#!/usr/bin/env bash
# Every check jipiao has, in order: lint, types, import contracts, then the tests
# on SQLite and (when it can be reached or started) PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

$BIN/ruff check .
$BIN/mypy
$BIN/lint-imports

# PostgreSQL: the tests marked `postgres` run against JIPIAO_TEST_POSTGRES_URL.
export JIPIAO_TEST_POSTGRES_URL="${JIPIAO_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"
bash scripts/ensure-postgres.sh

$BIN/python -m pytest "$@"
