#!/usr/bin/env python3
"""Public page throughput: masthead against nginx serving a saved copy of the same article,
both measured in this run (machines here are noisy: compare ratios, not absolute figures).

    bench/pages.sh                      # or: .venv/bin/python bench/pages.py
    DURATION=10 CONNECTIONS=1,16,64 bench/pages.sh

Builds the demo site in a temporary directory, starts `masthead serve` (granian, one worker
per CPU, one thread per worker) and nginx, warms each URL for 3 s, then runs
`wrk -t1|2 -cN -d<DURATION>s --latency` against the article, home and monthly archive pages.
Needs wrk and nginx (`apt-get install wrk nginx`). Prints req/s, p50/p99 latency and each
figure's ratio to nginx's static figure at the same concurrency, plus server memory.
"""

import os
import re
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from masthead.demo.server import demo_server, free_port, wait_for

DURATION = int(os.environ.get("DURATION", "10"))
CONNECTIONS = [int(c) for c in os.environ.get("CONNECTIONS", "1,16").split(",")]
LEAD = "/syria/pro-government-forces-continue-operations-against-isis-cells-in-central-syria-video/"
PAGES = [("article", LEAD), ("home", "/"), ("month archive", "/2021/06/")]
NGINX_CONF = """
worker_processes 2;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    include /etc/nginx/mime.types;
    client_body_temp_path {dir}/body; proxy_temp_path {dir}/proxy; fastcgi_temp_path {dir}/fcgi;
    uwsgi_temp_path {dir}/uwsgi; scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {dir}/www;
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
"""


def to_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url: str, connections: int, seconds: int, extra=()) -> dict:
    threads = 1 if connections == 1 else 2
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s", *extra, url],
        capture_output=True, text=True, check=True,
    ).stdout
    try:
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
        p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    except (AttributeError, ValueError):
        raise SystemExit(f"could not read wrk's output for {url}:\n{out}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": p50, "p99": p99, "non2xx": int(errors.group(1)) if errors else 0}


def rss_each_mib(pid: int) -> dict[int, float]:
    """Resident memory of a process and of each of its children (the server's workers), MiB."""
    pids = [pid] + [int(c) for c in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]
    found = {}
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    found[p] = int(line.split()[1]) / 1024
        except FileNotFoundError:
            pass
    return found


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its children, MiB."""
    return sum(rss_each_mib(pid).values())


def main() -> None:
    os.environ["PAGE_CACHE"] = "false"  # every request rendered (bench/pagecache.py measures the cache)
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is not installed: apt-get install wrk nginx")
    with demo_server() as server, tempfile.TemporaryDirectory(prefix="masthead-bench-") as tmp:
        tmp = Path(tmp)
        tmp.chmod(0o755)  # nginx's workers run as an unprivileged user and must read www/
        nginx_port = free_port()
        app = server.url
        nginx = None
        try:
            # The static baseline: the same article's HTML, saved as a file.
            www = tmp / "www"
            (www / LEAD.strip("/")).mkdir(parents=True)
            (www / LEAD.strip("/") / "index.html").write_bytes(urllib.request.urlopen(app + LEAD).read())
            (tmp / "nginx.conf").write_text(NGINX_CONF.format(dir=tmp, port=nginx_port))
            nginx = subprocess.Popen(["nginx", "-c", str(tmp / "nginx.conf"), "-p", str(tmp), "-g", "daemon off;"])
            wait_for(f"http://127.0.0.1:{nginx_port}{LEAD}")

            rows = []
            for connections in CONNECTIONS:
                targets = [("nginx static article", f"http://127.0.0.1:{nginx_port}{LEAD}")]
                targets += [(f"masthead {name}", app + path) for name, path in PAGES]
                baseline = None
                for label, url in targets:
                    wrk(url, connections, 3)  # warm-up
                    result = wrk(url, connections, DURATION)
                    baseline = baseline or result["rps"]
                    rows.append((label, connections, result, result["rps"] / baseline))
            memory = rss_mib(server.pid)
        finally:
            if nginx:
                nginx.terminate()
                nginx.wait()

    print(f"\n{'page':<24} {'c':>3} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'× nginx':>8} {'non-2xx':>8}")
    for label, connections, r, ratio in rows:
        print(f"{label:<24} {connections:>3} {r['rps']:>9.0f} {r['p50']:>8.2f} {r['p99']:>8.2f} {ratio:>8.3f} {r['non2xx']:>8}")
    print(f"\nmasthead serve memory after the run (all workers): {memory:.0f} MiB")
    print(f"wrk {DURATION}s per point after a 3 s warm-up; {os.cpu_count()} CPUs shared by wrk, nginx and masthead.")
    print(f"Rerun: DURATION={DURATION} CONNECTIONS={','.join(map(str, CONNECTIONS))} bench/pages.sh")


if __name__ == "__main__":
    main()
