"""A throwaway demo site served by `masthead serve`, for scripts and benchmarks
(scripts/screenshots.py, bench/pages.py): a temporary data directory, migrated and filled
with the demo content, on a free port, stopped and removed on exit."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class DemoServer:
    url: str  # http://127.0.0.1:<port>, no trailing slash
    pid: int  # of `masthead serve` (its workers are its children)
    var_dir: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds} s")


@contextmanager
def demo_server(workers: int | None = None, port: int | None = None):
    """Yield a DemoServer on the embedded stack (SQLite, embedded cache), whatever the caller's
    DATABASE_URL / REDIS_URL say."""
    with tempfile.TemporaryDirectory(prefix="masthead-demo-") as var:
        port = port or free_port()
        url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "MASTHEAD_VAR_DIR": var, "PORT": str(port), "BASE_URL": url}
        env.pop("DATABASE_URL", None)
        env.pop("REDIS_URL", None)
        if workers:
            env["WEB_CONCURRENCY"] = str(workers)
        subprocess.run([BIN / "masthead", "migrate", "-v0"], env=env, check=True)
        subprocess.run([BIN / "masthead", "load_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        server = subprocess.Popen([BIN / "masthead", "serve"], env=env, stdout=subprocess.DEVNULL)
        try:
            wait_for(url + "/")
            yield DemoServer(url, server.pid, Path(var))
        finally:
            server.terminate()
            server.wait()
