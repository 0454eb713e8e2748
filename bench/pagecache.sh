#!/usr/bin/env bash
# The page cache against nginx serving a static copy, in the same run: see bench/pagecache.py.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || make install
exec .venv/bin/python bench/pagecache.py "$@"
