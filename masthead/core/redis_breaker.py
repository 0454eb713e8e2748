"""One switch for every use of Redis in this process: the cache ("default"), the page cache
("pages", hence rate limits and sign-in throttling too) and the task queue (RQ).

A Redis that is frozen (a stopped process, a saturated host, a network that drops packets)
accepts connections and answers nothing, so every command waits its full socket timeout
(TIMEOUT), and a request makes a dozen: a comment POST took more than 10 s. So the first
command that times out or cannot connect opens the breaker, and for BACKOFF seconds every
Redis command in the process fails at once with `RedisSkipped` (a redis ConnectionError, so
every caller already treats it as "Redis down": the fail-soft cache answers a miss, the page
cache lets Django answer, a task is logged as not queued). After BACKOFF, one command (the
probe, from one thread; the others still fail at once) goes through: its answer closes the
breaker, its failure opens it again. A request therefore waits at most one TIMEOUT for Redis,
however many commands it makes.

`BREAKER.outages` counts the outages this process saw: the page cache reads it to make the
purges other app servers journaled while Redis was away (pagecache/store.py).

The connections are redis-py's own, with the breaker around connect, send and read:
`cache_options(url)` for Django's Redis cache OPTIONS, `rq_queue(url)` for RQ_QUEUES.
"""

import logging
import threading
import time
from urllib.parse import urlsplit

from redis.connection import Connection, ConnectionPool, SSLConnection, UnixDomainSocketConnection
from redis.exceptions import ConnectionError, TimeoutError

log = logging.getLogger("masthead.redis")

TIMEOUT = 0.5  # seconds a connection attempt or a command may take before Redis counts as down
BACKOFF = 1.0  # seconds every Redis command fails at once after a failure, before one probe


class RedisSkipped(ConnectionError):
    """Raised without asking Redis: it failed within the last BACKOFF seconds."""


class Breaker:
    def __init__(self, backoff: float = BACKOFF, clock=time.monotonic):
        self.backoff, self.clock = backoff, clock
        self.outages = 0  # times Redis went away, as this process saw it
        self._open_until = 0.0  # 0: closed (Redis answers)
        self._prober = None  # the thread allowed through after the back-off
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return bool(self._open_until) and self.clock() < self._open_until

    def probe_in(self) -> float:
        """Seconds until a command may be sent to Redis again (0: now)."""
        return max(0.0, self._open_until - self.clock()) if self._open_until else 0.0

    def check(self) -> None:
        """Return if Redis may be asked now; raise RedisSkipped if not."""
        if not self._open_until:
            return
        me = threading.get_ident()
        with self._lock:
            if not self._open_until or self._prober == me:
                return
            now = self.clock()
            if now >= self._open_until:  # back-off over: this thread probes, the others wait
                self._open_until, self._prober = now + self.backoff, me
                return
        raise RedisSkipped(f"Redis skipped: it did not answer within the last {self.backoff:g} s")

    def failed(self, error: Exception) -> None:
        with self._lock:
            if not self._open_until:
                self.outages += 1
                log.warning("Redis unreachable (%s: %s); skipped for %g s at a time until it answers",
                            type(error).__name__, error, self.backoff)
            self._open_until, self._prober = self.clock() + self.backoff, None

    def succeeded(self) -> None:
        if self._open_until:
            with self._lock:
                self._open_until, self._prober = 0.0, None
            log.warning("Redis answers again")


BREAKER = Breaker()


class Breaking:
    """Mixed into redis-py's connection classes: asks BREAKER before it talks to Redis and
    tells it how Redis answered."""

    def connect(self):
        BREAKER.check()
        try:
            return super().connect()
        except (ConnectionError, TimeoutError) as error:
            BREAKER.failed(error)
            raise

    def send_packed_command(self, command, check_health=True):
        BREAKER.check()
        try:
            return super().send_packed_command(command, check_health)
        except (ConnectionError, TimeoutError) as error:
            BREAKER.failed(error)
            raise

    def read_response(self, *args, **kwargs):
        try:
            response = super().read_response(*args, **kwargs)
        except (ConnectionError, TimeoutError) as error:
            BREAKER.failed(error)
            raise
        BREAKER.succeeded()
        return response


class BreakerConnection(Breaking, Connection):
    pass


class BreakerSSLConnection(Breaking, SSLConnection):
    pass


class BreakerUnixConnection(Breaking, UnixDomainSocketConnection):
    pass


# redis-py picks the class from the URL's scheme, unless given one: give the same kind.
CLASSES = {"redis": BreakerConnection, "rediss": BreakerSSLConnection, "unix": BreakerUnixConnection}


def cache_options(url: str) -> dict:
    """OPTIONS of a Django Redis cache alias on `url` (passed to redis-py's connection pool)."""
    scheme = urlsplit(url).scheme
    if scheme not in CLASSES:
        raise ValueError(f"REDIS_URL must start with redis://, rediss:// or unix://, not {scheme}://")
    return {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT, "connection_class": CLASSES[scheme]}


def rq_queue(url: str) -> dict:
    """An RQ_QUEUES entry on `url` through the breaker. django-rq builds its connections from
    HOST/PORT plus REDIS_CLIENT_KWARGS, the only form that takes a pool; without it RQ has no
    timeout at all and an enqueue on a frozen Redis never returns. (An RQ worker raises the
    socket timeout above its blocking wait itself.)"""
    parts = urlsplit(url)
    pool = ConnectionPool.from_url(url, **cache_options(url))
    return {"HOST": parts.hostname or "localhost", "PORT": parts.port or 6379,
            "REDIS_CLIENT_KWARGS": {"connection_pool": pool}}
