#!/usr/bin/env python3
"""Uncached render time of the public pages, in process: Django's WSGI application called
directly (no server, no page cache, no network), warm, one request at a time.

    bench/render.sh                         # or: .venv/bin/python bench/render.py
    RENDERS=300 COMMENTS=40 bench/render.sh
    PROFILE=article bench/render.sh         # cProfile of the article's renders, top 40 by cumulative time

Builds the demo site in a temporary directory (embedded stack: SQLite, the embedded cache)
and gives the lead article COMMENTS approved comments (every fourth a reply), so the article
is the realistic one of issue 14: body blocks, lead image, comments, tags, related reading,
JSON-LD. Prints, per page, the median and 90th percentile of the wall-clock time of one
render, the median CPU time of the rendering thread (which a machine shared with other jobs
inflates much less: SQLite runs in the same thread) and the number of database queries. bench/pages.sh measures the same pages
through `masthead serve` with wrk; this one shows where the time goes without the server.
"""

import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

RENDERS = int(os.environ.get("RENDERS", "200"))
COMMENTS = int(os.environ.get("COMMENTS", "40"))
PROFILE = os.environ.get("PROFILE", "")
LEAD = "/syria/pro-government-forces-continue-operations-against-isis-cells-in-central-syria-video/"
PAGES = [("article", LEAD), ("home", "/"), ("month archive", "/2021/06/")]


def setup(var: str) -> None:
    os.environ.update({"MASTHEAD_VAR_DIR": var, "PAGE_CACHE": "false"})
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    add_comments(COMMENTS)


def add_comments(count: int) -> None:
    from django.utils import timezone

    from masthead.comments.actions import do_approve, do_submit_comment
    from masthead.comments.moderation import ModerationContext
    from masthead.news.models import ArticlePage

    article = ArticlePage.objects.get(url_path__endswith=LEAD)
    start = timezone.now() - timedelta(hours=count)
    parent = None
    for n in range(count):
        comment = do_submit_comment(
            article=article, parent=parent if n % 4 == 3 else None, author_name=f"Reader {n}",
            author_email=f"reader{n}@example.org", author_url="",
            body=f"Comment {n}: the figures in the third paragraph match what we heard from Homs.\n\nA second paragraph.",
            context=ModerationContext(ip_address="192.0.2.10", user_agent="bench"), created_at=start + timedelta(hours=n),
        )
        do_approve(comment, actor=None, reason="bench")
        parent = comment


def render(app, path: str) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds, status, queries) of one GET of `path` through Django."""
    from django.db import connection, reset_queries

    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1:8000", "wsgi.url_scheme": "http",
        "wsgi.input": sys.stdin.buffer, "wsgi.errors": sys.stderr, "SERVER_PROTOCOL": "HTTP/1.1",
    }
    status = []
    reset_queries()
    started, cpu = time.perf_counter(), time.thread_time()
    body = b"".join(app(environ, lambda s, h, e=None: status.append(s)))
    elapsed, cpu = time.perf_counter() - started, time.thread_time() - cpu
    assert body, path
    return elapsed, cpu, int(status[0].split()[0]), len(connection.queries)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="masthead-render-") as var:
        setup(var)
        from django.core.wsgi import get_wsgi_application
        from django.db import connection

        app = get_wsgi_application()
        connection.force_debug_cursor = True  # count queries with DEBUG off
        rows = []
        for label, path in PAGES:
            for _ in range(20):  # warm: templates, caches, renditions
                render(app, path)
            profiler = cProfile.Profile() if PROFILE and PROFILE in label else None
            times, cpu_times = [], []
            for _ in range(RENDERS):
                if profiler:
                    profiler.enable()
                elapsed, cpu, status, queries = render(app, path)
                if profiler:
                    profiler.disable()
                assert status == 200, (path, status)
                times.append(elapsed * 1000)
                cpu_times.append(cpu * 1000)
            rows.append((label, statistics.median(times), statistics.quantiles(times, n=10)[-1], statistics.median(cpu_times), queries))
            if profiler:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    print(f"\n{'page':<16} {'p50 ms':>8} {'p90 ms':>8} {'CPU p50':>8} {'queries':>8}")
    for label, p50, p90, cpu, queries in rows:
        print(f"{label:<16} {p50:>8.2f} {p90:>8.2f} {cpu:>8.2f} {queries:>8}")
    print(f"\n{RENDERS} renders per page after 20 warm-up, one at a time in one process; lead article with {COMMENTS} extra comments.")
    print(f"Load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"Rerun: RENDERS={RENDERS} COMMENTS={COMMENTS} bench/render.sh")


if __name__ == "__main__":
    main()
