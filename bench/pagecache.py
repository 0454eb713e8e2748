#!/usr/bin/env python3
"""The page cache: masthead's cached pages against nginx serving a static copy of the same
article, and masthead behind the documented nginx configuration (deploy/nginx/masthead-pagecache.conf), all
measured in this run (machines here are noisy and shared: compare ratios, not figures).

    bench/pagecache.sh                       # or: .venv/bin/python bench/pagecache.py
    DURATION=5 CONNECTIONS=1,16,64 bench/pagecache.sh
    PORT_BASE=8800 bench/pagecache.sh        # app on 8800, nginx static 8801, nginx cache 8802

Builds the demo site (embedded stack: SQLite, the file cache shared by the workers) and
starts `masthead serve` (granian, one worker per CPU, one thread each) with
PAGE_CACHE_S_MAXAGE=1, nginx serving a saved copy of the lead article, and nginx configured
as deploy/nginx/masthead-pagecache.conf in front of masthead. For each concurrency it runs wrk against: nginx
static; masthead cached (article, home, month archive); masthead behind nginx (article);
masthead uncached (the article with a session cookie, which always goes to Django).

Then freshness: a comment approved, a donation recorded and an article published, each
from another process on the same database, idle and while wrk hammers the cached article
at c=64; prints how long after the action returned an anonymous reader first saw it, and
the errors wrk and the polling reader got. Last, the memory of the server's processes.
"""

import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages import LEAD, NGINX_CONF, rss_each_mib, wrk  # noqa: E402

from masthead.demo.server import BIN, demo_server, free_port, wait_for  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DURATION = int(os.environ.get("DURATION", "10"))
CONNECTIONS = [int(c) for c in os.environ.get("CONNECTIONS", "1,16,64").split(",")]
PORT_BASE = int(os.environ.get("PORT_BASE", "0"))
WARM = 2

EVENT = """
import os, sys, time, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
django.setup()
from masthead.news.models import ArticlePage, SectionPage
kind, marker = sys.argv[1], sys.argv[2]
if kind == "comment":
    from masthead.comments.actions import do_approve, do_submit_comment
    from masthead.comments.moderation import ModerationContext
    article = ArticlePage.objects.get(url_path__endswith=sys.argv[3])
    comment = do_submit_comment(article=article, parent=None, author_name="Bench", author_email="bench@example.org",
        author_url="", body=marker, context=ModerationContext(ip_address="192.0.2.7", user_agent="bench"))
    do_approve(comment, actor=None, reason="bench")
elif kind == "donation":
    from masthead.fundraising.actions import do_record_entry
    do_record_entry(amount_minor=int(marker), currency="USD")
elif kind == "publish":
    from masthead.news.actions import do_publish_article
    do_publish_article(SectionPage.objects.live().first(), title=marker, body=[("paragraph", "<p>Bench.</p>")])
print(time.time())
"""


def nginx_cache_conf(tmp: Path, port: int, app_port: int) -> str:
    """deploy/nginx/masthead-pagecache.conf, with this run's directories and ports, inside a minimal nginx.conf."""
    site = (REPO / "deploy" / "nginx" / "masthead-pagecache.conf").read_text()
    site = site.replace("/var/cache/nginx/masthead", str(tmp / "cache"))
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    return f"""
worker_processes 2;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fcgi;
    uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
{site}
}}
"""


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""
    except OSError:  # refused, reset or no answer within 10 s: counted as a failed read
        return 0, b""


def raised(body: bytes) -> bytes:
    found = re.search(rb'class="goal-raised">([^<]*)<', body)
    return found.group(1) if found else b""


def freshness(server, kind: str, n: int) -> tuple[float, int]:
    """(ms from the action's return to the first anonymous read showing it, reads that failed)."""
    marker = {"comment": f"Bench comment {n} {time.time()}", "donation": str(100 + n),
              "publish": f"Bench story {n} {int(time.time())}"}[kind]
    url = server.url + ("/" if kind == "publish" else LEAD)
    before = raised(fetch(url)[1])
    env = {**os.environ, "MASTHEAD_VAR_DIR": str(server.var_dir)}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    event = subprocess.Popen([BIN / "python", "-c", EVENT, kind, marker, LEAD.strip("/").split("/")[-1] + "/"],
                             env=env, stdout=subprocess.PIPE, text=True)
    seen, failures = None, 0
    deadline = time.time() + 60
    while seen is None and time.time() < deadline:
        status, body = fetch(url)
        if status != 200:
            failures += 1
        elif (kind == "donation" and raised(body) != before) or (kind != "donation" and marker.encode() in body):
            seen = time.time()
        time.sleep(0.005)
    done = float(event.communicate()[0].strip().splitlines()[-1])
    return ((seen - done) * 1000 if seen else float("inf")), failures


def main() -> None:
    os.environ["PAGE_CACHE_S_MAXAGE"] = "1"  # for nginx in front (deploy/nginx/masthead-pagecache.conf)
    os.environ.pop("PAGE_CACHE", None)
    app_port = PORT_BASE or None
    with demo_server(port=app_port) as server, tempfile.TemporaryDirectory(prefix="masthead-bench-") as tmp:
        tmp = Path(tmp)
        tmp.chmod(0o755)
        static_port, cache_port = (PORT_BASE + 1, PORT_BASE + 2) if PORT_BASE else (free_port(), free_port())
        app_port = int(server.url.rsplit(":", 1)[1])
        nginxes = []
        try:
            www = tmp / "static" / "www"
            (www / LEAD.strip("/")).mkdir(parents=True)
            (www / LEAD.strip("/") / "index.html").write_bytes(fetch(server.url + LEAD)[1])
            (tmp / "static" / "nginx.conf").write_text(NGINX_CONF.format(dir=tmp / "static", port=static_port))
            (tmp / "proxy").mkdir()
            (tmp / "proxy" / "nginx.conf").write_text(nginx_cache_conf(tmp / "proxy", cache_port, app_port))
            for name in ("static", "proxy"):
                nginxes.append(subprocess.Popen(["nginx", "-c", str(tmp / name / "nginx.conf"), "-p", str(tmp / name), "-g", "daemon off;"]))
            wait_for(f"http://127.0.0.1:{static_port}{LEAD}")
            wait_for(f"http://127.0.0.1:{cache_port}{LEAD}")

            rows = []
            for connections in CONNECTIONS:
                targets = [
                    ("nginx static article", f"http://127.0.0.1:{static_port}{LEAD}", ()),
                    ("masthead cached article", server.url + LEAD, ()),
                    ("masthead cached home", server.url + "/", ()),
                    ("masthead cached month", server.url + "/2021/06/", ()),
                    ("behind nginx, article", f"http://127.0.0.1:{cache_port}{LEAD}", ()),
                    ("masthead uncached article", server.url + LEAD, ("-H", "Cookie: sessionid=bench")),
                ]
                baseline = None
                for label, url, extra in targets:
                    wrk(url, connections, WARM, extra)
                    result = wrk(url, connections, DURATION, extra)
                    baseline = baseline or result["rps"]
                    rows.append((label, connections, result, result["rps"] / baseline))

            fresh = []
            for load in (False, True):
                hammer = None
                if load:
                    hammer = threading.Thread(target=lambda: fresh.append(("wrk", wrk(server.url + LEAD, 64, 12))))
                    hammer.start()
                    time.sleep(1)
                for n, kind in enumerate(("comment", "donation", "publish")):
                    fresh.append((kind, load, *freshness(server, kind, n + (10 if load else 0))))
                if hammer:
                    hammer.join()
            memory = rss_each_mib(server.pid)
        finally:
            for nginx in nginxes:
                nginx.terminate()
                nginx.wait()

    print(f"\n{'page':<28} {'c':>3} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'× nginx':>8} {'non-2xx':>8}")
    for label, connections, r, ratio in rows:
        print(f"{label:<28} {connections:>3} {r['rps']:>9.0f} {r['p50']:>8.2f} {r['p99']:>8.2f} {ratio:>8.3f} {r['non2xx']:>8}")
    print("\nfreshness: ms from the action's return to the first anonymous read showing it (polling every 5 ms)")
    for row in fresh:
        if row[0] == "wrk":
            r = row[1]
            print(f"  wrk c=64 on the cached article meanwhile: {r['rps']:.0f} req/s, p99 {r['p99']:.1f} ms, non-2xx {r['non2xx']}")
        else:
            kind, load, ms, failures = row
            print(f"  {kind:<9} {'under c=64' if load else 'idle':<11} {ms:8.1f} ms   failed reads: {failures}")
    each = ", ".join(f"{mib:.0f}" for mib in memory.values())
    print(f"\nmasthead serve memory after the run: {sum(memory.values()):.0f} MiB (each process, the server first: {each} MiB)")
    print(f"wrk {DURATION}s per point after a {WARM} s warm-up; {os.cpu_count()} CPUs shared by wrk, nginx and masthead.")
    print(f"Rerun: DURATION={DURATION} CONNECTIONS={','.join(map(str, CONNECTIONS))} bench/pagecache.sh")


if __name__ == "__main__":
    main()
