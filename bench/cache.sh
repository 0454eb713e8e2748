#!/usr/bin/env bash
# The shared cache from several processes at once: see bench/cache.py.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || make install
exec .venv/bin/python bench/cache.py "$@"
