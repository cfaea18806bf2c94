#!/usr/bin/env bash
# Before the first release only: regenerate the single initial migration from the models.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
rm -f migrations/versions/0001_initial_schema.py
.venv/bin/python - "$tmp" <<'PY'
import sys
from alembic import command
from claims.migrate import alembic_config
cfg = alembic_config(f"sqlite:///{sys.argv[1]}/gen.sqlite3")
command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
PY
.venv/bin/ruff format -q migrations/versions/0001_initial_schema.py || true
rm -rf "$tmp"
