#!/usr/bin/env bash
# Serve a throwaway masthead (`masthead serve`, its own var dir, SQLite unless DATABASE_URL is
# set) with a known webhook secret, run bench/webhooks.py against it, then stop it.
#   bench/webhooks.sh                        # 10,000 deliveries, 10 % replays, on :8016
#   PORT=8017 bench/webhooks.sh --events 2000 --concurrency 4
set -euo pipefail
cd "$(dirname "$0")/.."
export PORT="${PORT:-8016}" HOST=127.0.0.1
export MASTHEAD_VAR_DIR="$(mktemp -d /tmp/masthead-bench-webhooks.XXXXXX)"
export STRIPE_SECRET_KEY=sk_test_bench STRIPE_WEBHOOK_SECRET=whsec_bench SITE_CURRENCY=USD
.venv/bin/masthead migrate --verbosity 0
.venv/bin/masthead serve &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$MASTHEAD_VAR_DIR"' EXIT
for _ in $(seq 50); do
    curl -fsS "http://$HOST:$PORT/fundraising/progress.json" >/dev/null 2>&1 && break
    sleep 0.2
done
.venv/bin/python bench/webhooks.py --url "http://$HOST:$PORT" --secret "$STRIPE_WEBHOOK_SECRET" "$@"
