#!/usr/bin/env bash
# Comment posting and thread rendering at scale: see bench/comments.py.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || make install
exec .venv/bin/python bench/comments.py "$@"
