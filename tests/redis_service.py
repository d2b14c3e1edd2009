"""A real, throw-away Redis server for the tests (Debian's ``redis-server``), as
``tests/services.py`` starts PostgreSQL: on a free loopback port, in a temporary directory,
nothing saved to disk.  Skipped when ``redis-server`` is not installed, unless
``CCHC_REQUIRE_SERVICES=1`` (``make test``, CI), where it fails instead.
``CCHC_TEST_REDIS_URL`` names a running server to use instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.services import unavailable

START_TIMEOUT_S = 10.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _binary() -> str | None:
    return shutil.which("redis-server") or next(
        (p for p in ("/usr/bin/redis-server", "/usr/sbin/redis-server") if os.path.exists(p)),
        None,
    )


def ping(port: int, timeout: float = 0.5) -> bool:
    """Does a Redis server answer ``PING`` on ``127.0.0.1:port``?"""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _start(binary: str, folder: Path) -> tuple[subprocess.Popen[bytes], int] | None:
    """One try: the server and its port, or ``None`` (the port was taken meanwhile)."""
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder), "--logfile", str(folder / "redis.log"), "--daemonize", "no"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if ping(port):
            return process, port
        if process.poll() is not None:
            return None
        time.sleep(0.02)
    process.kill()
    process.wait()
    return None


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def redis_process() -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """A new ``redis-server`` (the process, to stop it early) and its ``redis://`` URL."""
    binary = _binary()
    if binary is None:
        unavailable("redis-server not installed (Debian: redis-server)")
    assert binary
    folder = Path(tempfile.mkdtemp(prefix="cchc-redis-"))
    try:
        for _attempt in range(3):
            started = _start(binary, folder)
            if started is not None:
                break
        else:
            log = folder / "redis.log"
            said = log.read_text(errors="replace")[-500:] if log.exists() else ""
            unavailable(f"redis-server did not start: {said}")
        assert started
        process, port = started
        try:
            yield process, f"redis://127.0.0.1:{port}/0"
        finally:
            stop(process)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def redis_server() -> Iterator[str]:
    """A Redis server's URL for as long as the block lasts (``CCHC_TEST_REDIS_URL``, or a
    new ``redis-server``)."""
    existing = os.environ.get("CCHC_TEST_REDIS_URL")
    if existing:
        yield existing
        return
    with redis_process() as (_process, url):
        yield url
