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
