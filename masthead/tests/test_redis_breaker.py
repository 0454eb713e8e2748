"""The process-wide Redis breaker (masthead/core/redis_breaker.py): after one failure every
Redis user in the process skips Redis for the back-off, then one probe decides. The last test
freezes a private redis-server (SIGSTOP: connections accepted, nothing answered), the fault
that made a comment POST wait more than 10 s."""

import os
import shutil
import signal
import subprocess
import threading
import time

import pytest
import redis
from redis.exceptions import TimeoutError

from masthead.core import redis_breaker
from masthead.core.redis_breaker import Breaker, RedisSkipped
from masthead.testing.processes import free_port


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def _in_other_thread(function):
    outcome = []
    thread = threading.Thread(target=lambda: outcome.append(_outcome(function)))
    thread.start()
    thread.join()
    return outcome[0]


def _outcome(function):
    try:
        function()
        return "asked"
    except RedisSkipped:
        return "skipped"


def test_one_failure_makes_every_caller_skip_redis_for_the_back_off():
    clock = Clock()
    breaker = Breaker(backoff=1.0, clock=clock)
    breaker.check()  # closed: Redis is asked
    breaker.failed(TimeoutError("Timeout reading from socket"))
    assert breaker.is_open and breaker.outages == 1
    with pytest.raises(RedisSkipped, match="Redis skipped: it did not answer within the last 1 s"):
        breaker.check()
    assert _in_other_thread(breaker.check) == "skipped"
    clock.now += 0.75
    assert _outcome(breaker.check) == "skipped" and breaker.probe_in() == pytest.approx(0.25)


def test_after_the_back_off_one_probe_goes_through_and_its_answer_closes_the_breaker():
    clock = Clock()
    breaker = Breaker(backoff=1.0, clock=clock)
    breaker.failed(TimeoutError("Timeout reading from socket"))
    clock.now += 1.0
    breaker.check()  # this thread probes...
    breaker.check()  # ...for all the commands of its call (connect, then the command)
    assert _in_other_thread(breaker.check) == "skipped"  # the others still skip meanwhile
    breaker.succeeded()
    assert not breaker.is_open
    assert _in_other_thread(breaker.check) == "asked"
    assert breaker.outages == 1


def test_a_failed_probe_skips_redis_for_another_back_off_in_the_same_outage():
    clock = Clock()
    breaker = Breaker(backoff=1.0, clock=clock)
    breaker.failed(TimeoutError("Timeout reading from socket"))
    clock.now += 1.0
    breaker.check()
    breaker.failed(TimeoutError("Timeout reading from socket"))
    assert _outcome(breaker.check) == "skipped"
    assert breaker.outages == 1  # one outage, two failures
    clock.now += 1.0
    breaker.check()
    breaker.succeeded()
    breaker.failed(ConnectionError("Connection refused"))
    assert breaker.outages == 2


@pytest.fixture
def frozen_redis(monkeypatch):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server not installed")
    port = free_port()
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL)
    try:
        client = redis.Redis(connection_pool=redis.ConnectionPool.from_url(f"redis://127.0.0.1:{port}/0",
                                                                           **redis_breaker.cache_options(f"redis://127.0.0.1:{port}/0")))
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        monkeypatch.setattr(redis_breaker, "BREAKER", Breaker(backoff=0.3))
        yield client, process
    finally:
        os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        process.wait(10)


def test_a_frozen_redis_costs_one_timeout_then_nothing_until_it_answers_again(frozen_redis):
    client, process = frozen_redis
    client.set("answer", 42)
    os.kill(process.pid, signal.SIGSTOP)
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        client.get("answer")
    assert time.monotonic() - started < redis_breaker.TIMEOUT + 0.3
    started = time.monotonic()
    for _ in range(20):  # a request's worth of commands, and more
        with pytest.raises(RedisSkipped):
            client.get("answer")
    assert time.monotonic() - started < 0.1
    os.kill(process.pid, signal.SIGCONT)
    time.sleep(redis_breaker.BREAKER.backoff)  # the back-off, as a real outage would last
    assert client.get("answer") == b"42"  # the probe: Redis answers, the breaker closes
    assert not redis_breaker.BREAKER.is_open


def test_the_connection_keeps_the_kind_the_url_asks_for():
    for url, kind in (("redis://cache:6379/0", redis.connection.Connection), ("rediss://cache:6380/0", redis.connection.SSLConnection),
                      ("unix:///run/redis.sock", redis.connection.UnixDomainSocketConnection)):
        pool = redis.ConnectionPool.from_url(url, **redis_breaker.cache_options(url))
        assert issubclass(pool.connection_class, kind) and issubclass(pool.connection_class, redis_breaker.Breaking)
    with pytest.raises(ValueError, match="REDIS_URL must start with redis://, rediss:// or unix://, not http://"):
        redis_breaker.cache_options("http://cache:6379/0")
