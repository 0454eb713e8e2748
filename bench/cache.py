#!/usr/bin/env python3
"""The shared cache from several processes at once (a benchmark, not a test).

    bench/cache.sh                                  # or: .venv/bin/python bench/cache.py
    PROCESSES=4 OPS=1000 ENTRIES=5000 bench/cache.sh
    REDIS_URL=redis://127.0.0.1:6379/0 bench/cache.sh   # adds Redis (keys under a private prefix)

For each backend, PROCESSES spawned processes (as `masthead serve`'s workers) do OPS of each
operation at the same time on one cache already holding ENTRIES small entries (a warm site):
get of a 50 KB page (a page-cache hit), set of a 50 KB page, incr and add (a rate-limit hit:
add then incr). It prints the median and p99 of one operation in ms, and each median as a
ratio to Django's FileBasedCache (the embedded default before masthead/core/cache.py),
measured in the same run. It also counts increments lost to races: OPS × PROCESSES incr
on one key must end at exactly that number.
"""

import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROCESSES = int(os.environ.get("PROCESSES", "2"))
OPS = int(os.environ.get("OPS", "500"))
ENTRIES = int(os.environ.get("ENTRIES", "2000"))
PAGE = b"<!doctype html>" + os.urandom(25_000).hex().encode()[:50_000]
OPERATIONS = ("get 50 KB", "set 50 KB", "add+incr", "incr")


def backends(directory):
    found = {
        "FileBasedCache (before)": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                    "LOCATION": f"{directory}/file", "OPTIONS": {"MAX_ENTRIES": 20000}},
        "EmbeddedCache (now)": {"BACKEND": "masthead.core.cache.EmbeddedCache", "LOCATION": f"{directory}/embedded"},
        "EmbeddedCache, pages as files": {"BACKEND": "masthead.core.cache.EmbeddedCache", "LOCATION": f"{directory}/files",
                                          "OPTIONS": {"disk_min_file_size": 2**15}},
    }
    if os.environ.get("REDIS_URL"):
        found["Redis"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"],
                          "KEY_PREFIX": f"masthead-bench-{uuid.uuid4().hex[:8]}"}
    return found


def configure(config):
    sys.path.insert(0, str(ROOT))
    from django.conf import settings

    settings.configure(CACHES={"default": config})
    from django.core.cache import cache

    return cache


def worker(config, number, start, results):
    cache = configure(config)
    timings = {operation: [] for operation in OPERATIONS}
    start.wait()
    for i in range(OPS):
        for operation in OPERATIONS:
            began = time.perf_counter()
            if operation == "get 50 KB":
                assert cache.get(f"page:{i % 50}") is not None
            elif operation == "set 50 KB":
                cache.set(f"page:{number}:{i}", PAGE, 300)
            elif operation == "add+incr":
                key = f"rate:{number}:{i}"
                cache.add(key, 0, 61)
                cache.incr(key)
            else:
                cache.incr("counted")
            timings[operation].append((time.perf_counter() - began) * 1000)
    results.put(timings)


def measure(config):
    context = multiprocessing.get_context("spawn")
    prepare = context.Process(target=prefill, args=(config,))
    prepare.start()
    prepare.join()
    start = context.Barrier(PROCESSES)
    results = context.Queue()
    processes = [context.Process(target=worker, args=(config, n, start, results)) for n in range(PROCESSES)]
    for process in processes:
        process.start()
    merged = {operation: [] for operation in OPERATIONS}
    for _ in processes:
        for operation, samples in results.get().items():
            merged[operation].extend(samples)
    for process in processes:
        process.join()
    counter = context.Queue()
    reader = context.Process(target=read_counter, args=(config, counter))
    reader.start()
    counted = counter.get()
    reader.join()
    return merged, counted


def prefill(config):
    cache = configure(config)
    for i in range(ENTRIES):
        cache.set(f"entry:{i}", {"title": f"Entry {i}", "count": i}, 300)
    for i in range(50):
        cache.set(f"page:{i}", PAGE, 300)
    cache.set("counted", 0, None)


def read_counter(config, queue):
    cache = configure(config)
    queue.put(cache.get("counted"))
    if "KEY_PREFIX" in config:  # Redis is shared: remove what this run wrote, and only that
        cache.delete_many([f"entry:{i}" for i in range(ENTRIES)] + [f"page:{i}" for i in range(50)] + ["counted"])
        for number in range(PROCESSES):
            cache.delete_many([f"page:{number}:{i}" for i in range(OPS)] + [f"rate:{number}:{i}" for i in range(OPS)])


def main():
    directory = tempfile.mkdtemp(prefix="masthead-bench-cache-")
    try:
        figures = {label: measure(config) for label, config in backends(directory).items()}
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    baseline = figures["FileBasedCache (before)"][0]
    print(f"\nmasthead shared-cache benchmark — {PROCESSES} processes at once, {OPS} of each operation each, "
          f"{ENTRIES:,} entries already cached")
    print(f"  {'backend':<31}" + "".join(f"{operation:>27}" for operation in OPERATIONS) + "   increments counted")
    print(f"  {'':<31}" + "".join(f"{'median/p99 ms (× before)':>27}" for _ in OPERATIONS))
    for label, (timings, counted) in figures.items():
        cells = []
        for operation in OPERATIONS:
            samples = sorted(timings[operation])
            median = statistics.median(samples)
            ratio = median / statistics.median(baseline[operation])
            cells.append(f"{median:.2f}/{samples[int(len(samples) * 0.99) - 1]:.1f} ({ratio:.2g}×)")
        print(f"  {label:<31}" + "".join(f"{cell:>27}" for cell in cells) + f"   {counted:,} of {PROCESSES * OPS:,}")
    print("\nRerun: bench/cache.sh   (PROCESSES=2 OPS=500 ENTRIES=2000; REDIS_URL=… adds Redis)")


if __name__ == "__main__":
    main()
