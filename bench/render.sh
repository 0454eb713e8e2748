#!/usr/bin/env bash
# Uncached render time of public pages, in process: see bench/render.py.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || make install
exec .venv/bin/python bench/render.py "$@"
