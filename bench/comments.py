#!/usr/bin/env python3
"""Comment posting and thread rendering at scale (a benchmark, not a test).

    bench/comments.sh                       # or: .venv/bin/python bench/comments.py
    EXISTING=10000 POSTS=1000 bench/comments.sh
    DATABASE_URL=postgres://127.0.0.1:5432/bench bench/comments.sh   # an empty database
    CACHE=file bench/comments.sh            # the embedded default before masthead/core/cache.py

Builds a site in a temporary directory (SQLite unless DATABASE_URL is set), gives one
article EXISTING approved comments (inserted in bulk: the set-up, not the figure), then
posts POSTS comments to it through the real endpoint — Django's test client, the form, the
whole moderation pipeline, the insert and its audit row — each from its own address and
email so that the rate limits let them through, a fifth of them replies. It then renders the
article page (first page of threads, last page, newest first) and a two-comment article,
and prints posts per second, render times and queries per render.

One post is timed twice: wall clock (what WordPress's 21 ms median is) and CPU time of this
process, which runs the client, Django and SQLite: on a machine shared with other jobs the
wall clock also counts the time spent waiting for a core, the CPU time does not.
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXISTING = int(os.environ.get("EXISTING", "10000"))
POSTS = int(os.environ.get("POSTS", "1000"))
RENDERS = int(os.environ.get("RENDERS", "20"))


def setup():
    var = tempfile.mkdtemp(prefix="masthead-bench-comments-")
    os.environ.update(MASTHEAD_VAR_DIR=var, ALLOWED_HOSTS="localhost,testserver", DJANGO_SETTINGS_MODULE="masthead.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if os.environ.get("CACHE") == "file":  # before any cache is opened
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                       "LOCATION": f"{var}/cache-file", "OPTIONS": {"MAX_ENTRIES": 20000}}}

    call_command("migrate", interactive=False, verbosity=0)
    return var


def seed(article, count):
    from django.utils import timezone

    from masthead.comments.models import Comment
    from masthead.comments.text import fingerprint

    start = timezone.now() - timedelta(days=30)
    tops = []
    batch = []
    for i in range(count):
        body = f"Existing comment {i}: the convoy passed the checkpoint at dawn, residents said."
        batch.append(Comment(article=article, author_name=f"Reader {i}", author_email=f"reader{i}@example.org", body=body,
                             body_hash=fingerprint(body), status="approved", ip_address="192.0.2.1", created_at=start + timedelta(seconds=i * 60)))
        if len(batch) == 1000:
            tops.extend(Comment.objects.bulk_create(batch))
            batch = []
    if batch:
        tops.extend(Comment.objects.bulk_create(batch))
    # a fifth of them become replies to an earlier comment, as real threads are
    replies = []
    for i, comment in enumerate(tops):
        if i % 5 == 4:
            parent = tops[i - 3]
            comment.parent, comment.root, comment.depth = parent, parent, 2
            replies.append(comment)
    Comment.objects.bulk_update(replies, ["parent", "root", "depth"], batch_size=1000)
    return tops


def post_all(article, parents):
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    statuses = {}
    latencies = []
    cpu = time.process_time()
    started = time.perf_counter()
    for i in range(POSTS):
        data = {"author": f"Poster {i}", "email": f"poster{i}@example.net", "url": "", "article": article.pk,
                "comment": f"New comment {i} from the benchmark: which road did the convoy take after Homs?", "elapsed": "30"}
        if i % 5 == 4:
            data["parent"] = parents[(i * 7) % len(parents)].pk
        sent = time.perf_counter()
        response = client.post("/comments/post/", data, HTTP_ORIGIN="http://localhost", REMOTE_ADDR=f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}")
        latencies.append((time.perf_counter() - sent) * 1000)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    latencies.sort()
    return elapsed, cpu, statuses, latencies


def render(url, times=RENDERS):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    started = time.perf_counter()
    first = client.get(url)
    cold = (time.perf_counter() - started) * 1000
    assert first.status_code == 200, (url, first.status_code)
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    samples.sort()
    return {"cold": cold, "median": statistics.median(samples), "p90": samples[int(len(samples) * 0.9) - 1], "queries": len(queries), "bytes": len(response.content)}


def main():
    var = setup()
    from django.conf import settings

    from masthead.comments.models import Comment
    from masthead.testing.builders import make_article, make_comment, make_section, make_site, set_comment_settings

    home = make_site("Bench Dispatch")
    section = make_section(home, "World")
    article = make_article(section, "A story with many comments")
    small = make_article(section, "A story with two comments")
    make_comment(small, "First of two.")
    make_comment(small, "Second of two.", email="second@example.org")
    set_comment_settings(trusted_after=0)  # readers are published at once, as on a busy thread

    started = time.perf_counter()
    parents = seed(article, EXISTING)
    seeded = time.perf_counter() - started
    elapsed, cpu, statuses, latencies = post_all(article, parents)
    total = Comment.objects.filter(article=article, status="approved").count()

    print(f"\nmasthead comments benchmark — {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, var {var}")
    print(f"  seeded {EXISTING:,} comments in bulk in {seeded:.1f} s (set-up, not a figure)")
    print(f"  posted {POSTS:,} comments through /comments/post/ in {elapsed:.1f} s: {POSTS / elapsed:,.0f} posts/s, {elapsed / POSTS * 1000:.1f} ms per post")
    print(f"  CPU time {cpu / POSTS * 1000:.1f} ms per post; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"  one post: median {statistics.median(latencies):.1f} ms, p90 {latencies[int(len(latencies) * 0.9) - 1]:.1f} ms, p99 {latencies[int(len(latencies) * 0.99) - 1]:.1f} ms"
          f" (WordPress: median 21 ms, /work/shared/BASELINES.md); cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}")
    print(f"  responses: {', '.join(f'{code}×{n}' for code, n in sorted(statuses.items()))}; article now has {total:,} approved comments")
    per_page = 50
    last_page = -(-Comment.objects.filter(article=article, status="approved", parent=None).count() // per_page)
    print(f"\n  render (ms over {RENDERS} requests after one cold)     cold  median    p90  queries   bytes")
    for label, url in (
        (f"{total:,}-comment article, page 1", article.url),
        (f"{total:,}-comment article, page {last_page}", f"{article.url}?cpage={last_page}"),
        (f"{total:,}-comment article, newest first", f"{article.url}?corder=newest"),
        ("2-comment article", small.url),
    ):
        figures = render(url)
        print(f"  {label:<44} {figures['cold']:6.1f} {figures['median']:7.1f} {figures['p90']:6.1f} {figures['queries']:8d} {figures['bytes']:7,d}")
    print("\nRerun: bench/comments.sh   (EXISTING=10000 POSTS=1000 RENDERS=20; DATABASE_URL=… for PostgreSQL)")


if __name__ == "__main__":
    main()
