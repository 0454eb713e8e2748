"""A real nginx running one of deploy/nginx/'s files in front of `masthead serve`, for the
tests that check those files do what docs/operations.md says (test_behind_nginx.py,
test_nginx_pagecache.py).

Skipped when nginx is not installed, except in CI (CI=true), where that is a failure
(.ci/run installs nginx-light).
"""

import getpass
import http.client
import json
import os
import shutil
import subprocess
import sys
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import pytest

from masthead.testing.processes import answers, until

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
BIN = Path(sys.executable).parent
# Settings the caller's environment must not pass to the servers it starts.
NOT_PASSED = ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")


def require_nginx() -> str:
    if NGINX is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but nginx is not installed (.ci/run installs nginx-light)")
        pytest.skip("nginx not installed: apt-get install nginx-light")
    return NGINX


def edited(conf: Path, replacements) -> str:
    """`conf` with only what differs on a test machine replaced; each replacement must find its
    text once, so the test follows the file the docs show."""
    text = conf.read_text()
    for old, new in replacements:
        assert text.count(old) == 1, f"{conf} no longer contains {old!r}: update this test with it"
        text = text.replace(old, new)
    return text


@contextmanager
def masthead_behind_nginx(tmp: Path, site_conf: str, app_port: int, proxy_port: int, settings: dict, setup: str,
                          workers: int = 1):
    """Migrate a new site in `tmp`/var, run `setup` in its shell (it prints `SETUP=<json>`),
    then serve it on `app_port` behind nginx running `site_conf` (which listens on
    `proxy_port`). Yields (the SETUP json, the servers' environment)."""
    nginx = require_nginx()
    env = {k: v for k, v in os.environ.items() if k not in NOT_PASSED}
    env.update(MASTHEAD_VAR_DIR=str(tmp / "var"), HOST="127.0.0.1", PORT=str(app_port), WEB_CONCURRENCY="1",
               EMAIL_HOST="", **settings)
    masthead = str(BIN / "masthead")
    subprocess.run([masthead, "migrate", "-v0"], env=env, check=True)
    out = subprocess.run([masthead, "shell", "-c", setup], env=env, check=True, capture_output=True, text=True).stdout
    made = json.loads(next(line for line in out.splitlines() if line.startswith("SETUP="))[len("SETUP="):])

    (tmp / "site.conf").write_text(site_conf)
    temp_paths = "\n".join(f"    {name}_temp_path {tmp}/{name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp / "nginx.conf").write_text(
        f"user {getpass.getuser()};\nworker_processes {workers};\ndaemon off;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n"
        f"events {{ worker_connections 64; }}\n"
        f"http {{\n    access_log off;\n{temp_paths}\n    include {tmp}/site.conf;\n}}\n"
    )
    server = subprocess.Popen([masthead, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proxy = subprocess.Popen([nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "error.log")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        until(lambda: answers(app_port), "masthead serve", 60)
        until(lambda: answers(proxy_port) or proxy.poll() is not None, "nginx", 60)
        assert proxy.poll() is None, f"nginx stopped: {proxy.stderr.read().decode()}"
        yield made, env
    finally:
        proxy.terminate()
        server.terminate()
        proxy.wait(10)
        server.wait(20)


def send(connection, host: str, method: str, path: str, form: dict | None = None, headers: dict | None = None):
    """One request on `connection` (http.client) as a browser sends it to `host`, a form as
    a same-origin POST; (status, headers lower-cased, body text). Closes the connection."""
    scheme = "https" if isinstance(connection, http.client.HTTPSConnection) else "http"
    sent = {"Host": host, "User-Agent": "reader", **(headers or {})}
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        sent.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": f"{scheme}://{host}"})
    try:
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode("utf-8", "replace")
    finally:
        connection.close()
