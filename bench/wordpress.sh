#!/usr/bin/env bash
# WordPress import at scale: see bench/wordpress.py.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || make install
exec .venv/bin/python bench/wordpress.py "$@"
