#!/bin/sh
# `make test`: lint, then the whole suite on SQLite, then again on PostgreSQL.
# Pure engine tests (marker `engine`) need no database, so they run in the first pass only.
set -eu
cd "$(dirname "$0")/.."
scripts/services.sh
scripts/ensure-chromium.sh
# The reference the NumPy sentence encoder is checked against (side environment, built once).
scripts/embedding-peer.sh >/dev/null
echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
export TASK_BACKEND=immediate
echo "== pytest on SQLite"
env -u DATABASE_URL .venv/bin/pytest -n 2 --dist loadgroup -p no:cacheprovider "$@"
echo "== pytest on PostgreSQL"
DATABASE_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}" \
  .venv/bin/pytest -n 2 --dist loadgroup -p no:cacheprovider -m "not engine" "$@"
