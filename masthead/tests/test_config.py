import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from masthead.cli import server_command
from masthead.config import VARIABLES

DOCS = Path(__file__).resolve().parents[2] / "docs" / "operations.md"


def test_every_environment_variable_is_documented_in_operations_md():
    text = DOCS.read_text()
    missing = [v.name for v in VARIABLES if f"`{v.name}`" not in text]
    assert missing == []


def test_every_variable_has_help_text():
    assert all(v.help.endswith(".") or v.help.endswith(")") for v in VARIABLES)


def test_granian_runs_one_blocking_thread_per_worker(monkeypatch):
    monkeypatch.delenv("MASTHEAD_SERVER", raising=False)
    command = server_command("127.0.0.1", "8000", 2)
    assert command[command.index("--blocking-threads") + 1] == "1"
    assert command[command.index("--workers") + 1] == "2"
    assert "masthead.wsgi:application" in command


def test_gunicorn_can_be_chosen_instead(monkeypatch):
    monkeypatch.setenv("MASTHEAD_SERVER", "gunicorn")
    command = server_command("0.0.0.0", "9000", 3)
    assert command[command.index("--bind") + 1] == "0.0.0.0:9000"
    assert command[command.index("--worker-class") + 1] == "sync"


def _settings_in_subprocess(tmp_path, **environ):
    import json
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY")}
    env.update(MASTHEAD_VAR_DIR=str(tmp_path), **environ)
    code = (
        "import json; from masthead import settings as s; "
        "print(json.dumps({'db': s.DATABASES['default'], 'cache': s.CACHES['default']['BACKEND'], 'cache_dir': s.CACHES['default'].get('LOCATION'), "
        "'tasks': s.TASKS['default']['BACKEND'], 'debug': s.DEBUG, 'key': s.SECRET_KEY}, default=str))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_without_environment_masthead_runs_embedded_on_sqlite_wal(tmp_path):
    s = _settings_in_subprocess(tmp_path)
    assert s["db"]["ENGINE"] == "django.db.backends.sqlite3"
    assert s["db"]["NAME"] == str(tmp_path / "masthead.sqlite3")
    assert "PRAGMA journal_mode=WAL" in s["db"]["OPTIONS"]["init_command"]
    assert (s["cache"], s["cache_dir"]) == ("masthead.core.cache.EmbeddedCache", str(tmp_path / "cache"))
    assert s["tasks"] == "django_tasks_db.DatabaseBackend"
    assert s["debug"] is False
    assert (tmp_path / "secret_key").read_text().strip() == s["key"]
    assert _settings_in_subprocess(tmp_path)["key"] == s["key"]  # kept, not regenerated


def test_database_and_redis_urls_switch_to_postgresql_and_redis(tmp_path):
    s = _settings_in_subprocess(tmp_path, DATABASE_URL="postgres://u:p@db.example:5432/news", REDIS_URL="redis://cache.example:6379/1", SECRET_KEY="k")
    assert (s["db"]["ENGINE"], s["db"]["HOST"], s["db"]["NAME"]) == ("django.db.backends.postgresql", "db.example", "news")
    assert s["cache"].endswith("RedisCache")
    assert s["tasks"] == "django_tasks_rq.RQBackend"
    assert s["key"] == "k"


def test_models_and_migrations_agree(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exits 1 when a migration is missing


def test_the_sqlite_database_is_readable_by_its_owner_only(tmp_path):
    """Issue 9: it was created 0644 (readers' emails, IPs, password hashes)."""
    import stat

    _settings_in_subprocess(tmp_path)
    assert stat.S_IMODE((tmp_path / "masthead.sqlite3").stat().st_mode) == 0o600
    older = tmp_path / "older"
    older.mkdir()
    (older / "masthead.sqlite3").touch(mode=0o644)
    (older / "masthead.sqlite3").chmod(0o644)
    _settings_in_subprocess(older)
    assert stat.S_IMODE((older / "masthead.sqlite3").stat().st_mode) == 0o600


def test_check_deploy_passes_with_the_production_settings_of_the_docs(tmp_path):
    """Issue 9: W004/W008/W012/W016 with a production-like environment. The variables are
    read from the `export` line of docs/operations.md ("One small server")."""
    import os
    import shlex
    import subprocess
    import sys

    docs = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text()
    line = next(line for line in docs.splitlines() if line.startswith("export MASTHEAD_VAR_DIR="))
    production = dict(word.split("=", 1) for word in shlex.split(line)[1:])
    assert production["BEHIND_HTTPS_PROXY"] == "true"
    test_only = ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in test_only}
    env.update(production, MASTHEAD_VAR_DIR=str(tmp_path))
    masthead = str(Path(sys.executable).parent / "masthead")
    result = subprocess.run([masthead, "check", "--deploy", "--fail-level", "WARNING"], env=env, capture_output=True, text=True)
    assert (result.returncode, result.stderr.strip()) == (0, ""), result.stderr
    assert result.stdout.strip() == "System check identified no issues (3 silenced)."


def test_the_demo_takes_its_server_and_worker_down_when_it_is_killed(tmp_path):
    """`kill <demo pid>` (SIGTERM) ended the demo alone: the server kept the port and the worker
    ran on. Ctrl-C, SIGTERM and SIGHUP now stop all three."""
    code = (
        "import subprocess, sys\n"
        "from masthead.cli import run_until_stopped\n"
        "children = [subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']) for _ in range(2)]\n"
        "print(' '.join(str(c.pid) for c in children), flush=True)\n"
        "run_until_stopped(*children)\n"
    )
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        demo = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        pids = [int(pid) for pid in demo.stdout.readline().split()]
        _wait_until_it_catches(demo.pid, signal.SIGHUP)  # the last handler run_until_stopped installs
        demo.send_signal(signum)
        demo.wait(timeout=20)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in pids):
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in pids), signal.Signals(signum).name


def _wait_until_it_catches(pid, signum):
    """Until the process has a handler for `signum` (SigCgt in /proc/<pid>/status), at most 20 s."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with open(f"/proc/{pid}/status") as status:
            caught = next(int(line.split()[1], 16) for line in status if line.startswith("SigCgt:"))
        if caught & (1 << (signum - 1)):
            return
        time.sleep(0.01)
    raise AssertionError(f"process {pid} never caught signal {signum}")


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is gone, only not yet reaped
        return stat.read().split(") ")[-1][0] != "Z"
