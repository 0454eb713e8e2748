#!/usr/bin/env python3
"""Benchmark: signed Stripe webhook deliveries against a running masthead.

Sends --events deliveries (default 10,000) of `checkout.session.completed` for one-time gifts
of random amounts, signed with the official library's scheme; --duplicates of them (default
10 %) are replays of an earlier event, sent concurrently with everything else, as Stripe's
retries are. Prints deliveries per second, then checks that this month's total (from
/fundraising/progress.json) grew by exactly the sum of the distinct gifts.

    bench/webhooks.sh                       # serves a throwaway masthead on :8016 and runs this
    .venv/bin/python bench/webhooks.py --url http://127.0.0.1:8016 --secret whsec_bench

The server needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (= --secret) set, and the site
currency USD. It records real ledger entries: run it against a throwaway database.
"""

import argparse
import http.client
import json
import queue
import random
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from masthead.fundraising.tests import stripe_payloads  # noqa: E402  (the test suite's real-shaped payloads)

WEBHOOK = "/fundraising/stripe/webhook/"


def raised(base: str) -> int:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", "/fundraising/progress.json")
    data = json.loads(connection.getresponse().read())
    assert data["currency"] == "USD", f"the site currency is {data['currency']}; this benchmark sends USD"
    return data["raised_minor"]


def deliveries(count: int, duplicate_share: float, seed: int):
    rng = random.Random(seed)
    run = uuid.uuid4().hex[:8]
    unique = count - int(count * duplicate_share)
    events = []
    for i in range(unique):
        event = stripe_payloads.one_time_paid(f"pi_bench_{run}_{i}", rng.randint(100, 50_000))
        event["id"] = f"evt_bench_{run}_{i:06d}"
        events.append(json.dumps(event))
    bodies = events + [events[rng.randrange(unique)] for _ in range(count - unique)]
    rng.shuffle(bodies)
    expected = sum(json.loads(body)["data"]["object"]["amount_total"] for body in events)
    return bodies, unique, expected


def worker(base: str, secret: str, jobs: queue.Queue, results: list, lock: threading.Lock):
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    counts = {}
    while True:
        try:
            body = jobs.get_nowait()
        except queue.Empty:
            break
        headers = {"Content-Type": "application/json", "Stripe-Signature": stripe_payloads.sign(body, secret)}
        for attempt in range(3):
            try:
                connection.request("POST", WEBHOOK, body=body, headers=headers)
                response = connection.getresponse()
                text = response.read().decode()
                break
            except (ConnectionError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        key = (response.status, "replay" if text.startswith("Already received") else text.split(":")[0])
        counts[key] = counts.get(key, 0) + 1
    with lock:
        results.append(counts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8016")
    parser.add_argument("--secret", default="whsec_bench")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--duplicates", type=float, default=0.10)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    bodies, unique, expected = deliveries(args.events, args.duplicates, args.seed)
    before = raised(args.url)
    jobs = queue.Queue()
    for body in bodies:
        jobs.put(body)
    results, lock = [], threading.Lock()
    threads = [threading.Thread(target=worker, args=(args.url, args.secret, jobs, results, lock)) for _ in range(args.concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    after = raised(args.url)

    totals = {}
    for counts in results:
        for key, n in counts.items():
            totals[key] = totals.get(key, 0) + n
    print(f"{len(bodies)} deliveries ({unique} distinct events, {len(bodies) - unique} replays) "
          f"with {args.concurrency} concurrent senders in {elapsed:.1f} s: {len(bodies) / elapsed:.0f} deliveries/s")
    for (status, outcome), n in sorted(totals.items()):
        print(f"  HTTP {status} {outcome}: {n}")
    grew = after - before
    exact = grew == expected and totals.get((200, "Processed"), 0) == unique
    print(f"This month's total grew by {grew} cents; the distinct gifts sum to {expected} cents: "
          f"{'EXACT' if exact else 'MISMATCH'}")
    print("Rerun: bench/webhooks.sh   (or: .venv/bin/python bench/webhooks.py --url URL --secret WHSEC against a running `masthead serve`)")
    return 0 if exact else 1


if __name__ == "__main__":
    sys.exit(main())
