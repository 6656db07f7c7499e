#!/bin/sh
# Builds .venv-peer/: sentence-transformers on PyTorch's CPU build, the reference that
# commonground.textanalysis's NumPy encoder is tested and benchmarked against.
# PyTorch's CPU build exists here only as a local wheel for Python 3.11 (pip finds it for
# `torch==2.13.0`; from PyPI it would bring several GB of CUDA libraries), so the side
# environment uses Python 3.11 while the platform itself needs 3.12+.
# Prints the environment's python on success; exits 1 (printing why) when it cannot be built.
set -eu
cd "$(dirname "$0")/.."
stamp=.venv-peer/stamp
want=$(cat requirements/embedding-peer.txt scripts/embedding-peer.sh | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo .venv-peer/bin/python
  exit 0
fi
py=""
for candidate in python3.11 "$HOME/.pyenv/versions/3.11.7/bin/python" /root/.pyenv/versions/3.11.7/bin/python; do
  if command -v "$candidate" >/dev/null 2>&1; then py=$(command -v "$candidate"); break; fi
done
[ -n "$py" ] || { echo "embedding-peer: no Python 3.11 found" >&2; exit 1; }
rm -rf .venv-peer
"$py" -m venv .venv-peer
pip=".venv-peer/bin/pip --disable-pip-version-check --quiet"
$pip install torch==2.13.0 >&2
.venv-peer/bin/python -c 'import torch, sys; sys.exit(0 if "+cpu" in torch.__version__ else 1)' \
  || { echo "embedding-peer: only a CUDA build of torch was found; refusing" >&2; exit 1; }
$pip install -r requirements/embedding-peer.txt "torch==2.13.0" >&2
echo "$want" > "$stamp"
echo .venv-peer/bin/python
