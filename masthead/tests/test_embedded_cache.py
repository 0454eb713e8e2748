"""The embedded cache (masthead/core/cache.py) is shared by every worker process: increments
from several processes at once are all counted, a rate limit holds across them, and a busy
or broken cache answers like a miss instead of raising into the request.

The child processes are started with "spawn", as fresh interpreters that share nothing with
this one but the cache directory, like `masthead serve`'s workers.
"""

import multiprocessing
import pickle
import sqlite3
from pathlib import Path

import pytest
from django.http import HttpResponse

from masthead.core.cache import EmbeddedCache

PROCESSES = 4
INCREMENTS = 150
WINDOW = 10**10  # seconds: no window boundary falls inside a test run (the next is in 2286)


def _increment(location, start, key, results):
    cache = EmbeddedCache(location, {})
    start.wait()
    results.put([cache.incr(key) for _ in range(INCREMENTS)])


def _hit_rate_limit(location, start, limit, results):
    from django.conf import settings

    settings.configure(CACHES={"default": {"BACKEND": "masthead.core.cache.EmbeddedCache", "LOCATION": location}})
    from masthead.comments.ratelimit import hit

    start.wait()
    results.put([not hit("comment-ip", "203.0.113.9", limit, WINDOW).exceeded for _ in range(INCREMENTS)])


def _run(target, *args):
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(PROCESSES)
    results = context.Queue()
    processes = [context.Process(target=target, args=(*args[:1], start, *args[1:], results)) for _ in range(PROCESSES)]
    for process in processes:
        process.start()
    answers = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    return answers


def test_concurrent_increments_from_several_processes_are_all_counted(tmp_path):
    location = str(tmp_path / "cache")
    EmbeddedCache(location, {}).set("hits", 0, timeout=None)

    answers = _run(_increment, location, "hits")

    seen = [value for answer in answers for value in answer]
    assert EmbeddedCache(location, {}).get("hits") == PROCESSES * INCREMENTS
    # each increment got its own value: no two processes read the same count and wrote it back
    assert sorted(seen) == list(range(1, PROCESSES * INCREMENTS + 1))


def test_comment_rate_limit_holds_across_processes(tmp_path):
    limit = 100  # well under the PROCESSES * INCREMENTS requests sent at once

    answers = _run(_hit_rate_limit, str(tmp_path / "cache"), limit)

    assert sum(allowed for answer in answers for allowed in answer) == limit


@pytest.fixture
def locked_cache(tmp_path):
    """A cache whose every shard is held by another writer for the whole test."""
    cache = EmbeddedCache(str(tmp_path / "cache"), {"SHARDS": 2, "DATABASE_TIMEOUT": 0.05})
    cache.set("kept", "value")
    holders = []
    for database in sorted(Path(cache.directory).glob("*/cache.db")):
        holder = sqlite3.connect(database, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        holders.append(holder)
    assert len(holders) == 2
    yield cache
    for holder in holders:
        holder.rollback()
        holder.close()


def test_writes_to_a_busy_cache_answer_like_a_miss_and_reads_go_on(locked_cache):
    assert locked_cache.get("kept", "missed") == "value"  # WAL: a reader never waits for a writer
    assert locked_cache.set("other", 1) is False
    assert locked_cache.add("other", 1) is False
    assert locked_cache.delete("kept") is False
    with pytest.raises(ValueError, match="could not be counted: the cache is unavailable"):
        locked_cache.incr("kept")


def test_a_rate_limit_fails_open_while_the_cache_is_busy(locked_cache, monkeypatch):
    from masthead.comments import ratelimit

    monkeypatch.setattr(ratelimit, "cache", locked_cache)

    allowance = ratelimit.hit("comment-ip", "203.0.113.9", 1, WINDOW)

    assert (allowance.count, allowance.exceeded) == (1, False)


def test_a_damaged_cache_file_answers_like_a_miss(tmp_path, caplog):
    cache = EmbeddedCache(str(tmp_path / "cache"), {"SHARDS": 1})
    cache.set("kept", "value")
    cache._cache._shards[0].close()
    database = next(Path(cache.directory).glob("*/cache.db"))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    database.write_bytes(b"this is not a database" * 100)

    with caplog.at_level("WARNING", logger="masthead.cache"):
        assert cache.get("kept", "missed") == "missed"
        assert cache.set("kept", "again") is False
    assert "cache get 'kept' failed (DatabaseError: file is not a database); treated as a miss" in caplog.text


def test_a_whole_page_is_kept_in_sqlite_and_read_back_from_another_instance(tmp_path):
    location = str(tmp_path / "cache")
    page = HttpResponse(b"<p>" + b"x" * 50_000 + b"</p>")

    EmbeddedCache(location, {}).set("views.decorators.cache.cache_page.article", page, 60)
    again = EmbeddedCache(location, {}).get("views.decorators.cache.cache_page.article")

    assert again.content == page.content
    assert not [path for path in Path(location).rglob("*.val")]  # no file per value
    assert len(pickle.dumps(page)) > 50_000


def test_closing_after_a_request_keeps_the_cache_usable(tmp_path):
    cache = EmbeddedCache(str(tmp_path / "cache"), {})
    cache.set("kept", 1)

    cache.close()

    assert cache.incr("kept") == 2
