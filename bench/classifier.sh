#!/usr/bin/env bash
# The spam classifier on real labelled spam: see bench/classifier.py.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || make install
exec .venv/bin/python bench/classifier.py "$@"
