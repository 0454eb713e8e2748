"""Ports and waiting, for the tests that start real servers (masthead serve, nginx, Redis)."""

import os
import socket
import time


def free_port(taken=()) -> int:
    """A loopback port nobody listens on and not in `taken`; within MASTHEAD_TEST_PORTS (for
    example 8500-8599) when that is set, so a parallel run can keep each test run in a range."""
    wanted = os.environ.get("MASTHEAD_TEST_PORTS", "")
    candidates = range(*(int(p) + i for i, p in enumerate(wanted.split("-")))) if wanted else [0]
    for port in candidates:
        if port in taken:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"no free port in MASTHEAD_TEST_PORTS={wanted}")


def until(check, what: str, seconds: float = 60, every: float = 0.05):
    """`check()`'s first true result, polled every `every` s; an AssertionError naming `what`
    after `seconds`. What `check` raises is raised (an error page is a failure, not a wait)."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not within {seconds} s")
        time.sleep(every)


def answers(port: int) -> bool:
    """Whether something accepts connections on 127.0.0.1:`port`."""
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0
