#!/usr/bin/env bash
# Page throughput of masthead against nginx serving a static copy: see bench/pages.py.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || make install
exec .venv/bin/python bench/pages.py "$@"
