#!/usr/bin/env bash
# Search latency over 20,000 generated articles and index time on publish: see bench/search.py.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || make install
exec .venv/bin/python bench/search.py "$@"
