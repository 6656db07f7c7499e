#!/bin/sh
# `make setup`: everything a fresh clone needs, into .venv/ and node_modules/ of the checkout.
# Quick when nothing changed: a stamp records the hash of the files that define the install.
set -eu
cd "$(dirname "$0")/.."
mkdir -p var
stamp=var/setup.stamp
want=$( (cat pyproject.toml uv.lock package.json package-lock.json scripts/setup.sh scripts/build-assets.sh; \
         find src/commonground/static_src -type f | sort | xargs cat) | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x .venv/bin/commonground ] \
   && [ -f src/commonground/static/build/commonground.css ]; then
  echo "setup: up to date"
  exit 0
fi

python=$(scripts/find-python)
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
  echo "setup: creating .venv with $python"
  rm -rf .venv
  "$python" -m venv .venv
fi
if [ ! -x .venv/bin/uv ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
fi
echo "setup: installing Python packages from uv.lock"
# Compiled bytecode: without it every `commonground` process recompiles NumPy and the rest from
# source when PYTHONDONTWRITEBYTECODE is set (0.12-0.18 s of CPU a command; issue 20).
UV_PROJECT_ENVIRONMENT=.venv .venv/bin/uv sync --frozen --quiet --compile-bytecode \
  --python .venv/bin/python

echo "setup: installing front-end packages from package-lock.json"
npm ci --no-audit --no-fund --loglevel=error
scripts/build-assets.sh

if command -v msgfmt >/dev/null 2>&1 && [ -d src/commonground/locale ]; then
  .venv/bin/commonground compilemessages --ignore=.venv --ignore=node_modules -v 0
fi
echo "$want" > "$stamp"
echo "setup: done (.venv/bin/commonground)"
