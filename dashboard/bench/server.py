"""The app as production runs it, for the benchmark: gunicorn, signed-in HTTP clients.

* :class:`Gunicorn` — ``gunicorn dashboard.app:server`` with the Procfile's settings
  (``dashboard.gunicorn_conf``: threads, timeout, the master migrating first) and 2 workers on a
  free loopback port, as on one machine (each worker's own query cache: ``CCHC_CACHE_URL`` is
  not passed on); :meth:`Gunicorn.restart` starts fresh workers (every cache empty);
  :meth:`Gunicorn.peak_rss_mb` is the largest ``VmHWM`` of its workers;
* :func:`bench_account` — a throw-away leader account (``lanh_dao``, every unit);
* :class:`Client` — one keep-alive HTTP connection carrying the session cookie, asking for
  gzip as a browser does; :meth:`Client.post` answers status, time, bytes on the wire and
  bytes before compression.
"""

from __future__ import annotations

import gzip
import http.client
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

WORKERS = 2


def bench_account(url: str) -> tuple[str, str]:
    """A new leader account in the warehouse at ``url``: (name, password)."""
    from dashboard.auth import users
    from etl.db import get_engine

    username, password = f"bench-{secrets.token_hex(4)}", users.demo_password()
    engine = get_engine(url)
    try:
        users.add(engine, username, password, "lanh_dao", actor=users.Actor(via="bench"))
    finally:
        engine.dispose()
    return username, password


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        match = re.search(r"^PPid:\s+(\d+)", status, re.MULTILINE)
        if match and int(match.group(1)) == pid:
            found.append(int(entry.name))
    return found


def _descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        children = _children(queue.pop())
        found += children
        queue += children
    return found


def _cpu_ticks(pids: list[int]) -> int:
    """User and system CPU time of ``pids`` so far, in clock ticks."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total


def _peak_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmHWM:\s+(\d+)\s+kB", status, re.MULTILINE)
    return int(match.group(1)) if match else 0


class Gunicorn:
    """gunicorn serving the dashboard on the warehouse at ``url`` (a context manager)."""

    def __init__(self, url: str, *, workers: int = WORKERS) -> None:
        from dashboard.devservices import free_port

        self.url = url
        self.workers = workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        # One machine: each worker's own query cache and signed-cookie sessions, so that a
        # restart empties every cache (no Redis even when CCHC_CACHE_URL is set here).
        inherited = {k: v for k, v in os.environ.items() if k != "CCHC_CACHE_URL"}
        self.env = {**inherited, "CCHC_DATABASE_URL": url,
                    "CCHC_SECRET_KEY": secrets.token_hex(32)}  # fmt: skip
        self.process: subprocess.Popen[bytes] | None = None
        self.peak_kb = 0  # of the workers of every start so far

    def start(self) -> None:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "dashboard.app:server", "--config", "python:dashboard.gunicorn_conf",
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers),
             "--no-control-socket", "--log-level", "warning"],
            env=self.env, cwd=Path(__file__).resolve().parents[2],
        )  # fmt: skip
        self._wait_ready()

    def _wait_ready(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/login")
                connection.getresponse().read()
                connection.close()
                if len(self.worker_pids()) >= self.workers:
                    self._warm_up()
                    self.wait_idle()
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not start on {self.base}")

    def _warm_up(self, requests: int = 12) -> None:
        """One request at a time, on a new connection each, so that every worker (most surely)
        has handled one, alone, before anything is measured.

        Dash sets itself up on a worker's first request (``Dash._setup_server``), marking it
        done before it is: a request served by another thread meanwhile fails ("dash is not a
        registered library", or the page itself).  A browser opening a page on a fresh worker
        can hit that; the benchmark measures the app once set up.
        """
        for _ in range(requests):
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                connection.request("GET", "/login", headers={"Connection": "close"})
                connection.getresponse().read()
            finally:
                connection.close()

    def wait_idle(self, seconds: float = 60, quiet_ticks: int = 10) -> None:
        """Wait until the server and what it started (each worker's chart-export browser,
        started as it boots) have used under ``quiet_ticks`` of CPU for a second."""
        if self.process is None:
            return
        deadline = time.monotonic() + seconds
        before = _cpu_ticks([self.process.pid, *_descendants(self.process.pid)])
        while time.monotonic() < deadline:
            time.sleep(1)
            after = _cpu_ticks([self.process.pid, *_descendants(self.process.pid)])
            if after - before < quiet_ticks:
                return
            before = after

    def worker_pids(self) -> list[int]:
        return _children(self.process.pid) if self.process is not None else []

    def _note_peak(self) -> None:
        for pid in self.worker_pids():
            self.peak_kb = max(self.peak_kb, _peak_kb(pid))

    def peak_rss_mb(self) -> float:
        """The largest peak resident memory (``VmHWM``) of any worker so far, in MiB."""
        self._note_peak()
        return self.peak_kb / 1024

    def stop(self) -> None:
        if self.process is None:
            return
        self._note_peak()
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
        self.process = None

    def restart(self) -> None:
        """New workers: every per-process cache starts empty."""
        self.stop()
        self.start()

    def __enter__(self) -> Gunicorn:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


@dataclass
class Answer:
    status: int
    seconds: float
    wire_bytes: int  # as sent (gzip when the server compressed it)
    body_bytes: int  # before compression


@dataclass
class Client:
    """One HTTP/1.1 keep-alive connection to ``port`` with the session's cookies."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 120
    _connection: http.client.HTTPConnection | None = None

    def _conn(self) -> http.client.HTTPConnection:
        if self._connection is None:
            self._connection = http.client.HTTPConnection("127.0.0.1", self.port,
                                                          timeout=self.timeout)  # fmt: skip
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[http.client.HTTPResponse, bytes, float]:
        sent = {"Accept-Encoding": "gzip", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):  # a keep-alive connection the server closed: once more, anew
            start = time.perf_counter()
            try:
                connection = self._conn()
                connection.request(method, path, body=body, headers=sent)
                response = connection.getresponse()
                data = response.read()
            except (http.client.HTTPException, ConnectionError):
                self.close()
                if attempt == 2:
                    raise
                continue
            elapsed = time.perf_counter() - start
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            if response.will_close:
                self.close()
            return response, data, elapsed
        raise AssertionError("unreachable")

    def post(self, path: str, body: bytes) -> Answer:
        """POST a JSON ``body`` (a Dash callback request)."""
        response, data, elapsed = self.request(
            "POST", path, body, {"Content-Type": "application/json",
                                 "Origin": f"http://127.0.0.1:{self.port}"},
        )  # fmt: skip
        plain = len(data)
        if response.headers.get("Content-Encoding") == "gzip":
            plain = len(gzip.decompress(data))
        return Answer(response.status, elapsed, len(data), plain)

    def get(self, path: str) -> Answer:
        response, data, elapsed = self.request("GET", path)
        plain = len(data)
        if response.headers.get("Content-Encoding") == "gzip":
            plain = len(gzip.decompress(data))
        return Answer(response.status, elapsed, len(data), plain)

    def sign_in(self, username: str, password: str) -> None:
        """Sign in through ``/login`` as a person would (the form's token, the POST)."""
        _response, form, _ = self.request("GET", "/login")
        html = (gzip.decompress(form) if form[:2] == b"\x1f\x8b" else form).decode("utf-8")
        token = re.search(r'name="csrf" value="([^"]+)"', html)
        fields = {"csrf": token.group(1) if token else "", "username": username,
                  "password": password}  # fmt: skip
        response, _, _ = self.request(
            "POST", "/login", urllib.parse.urlencode(fields).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        if response.status != 302:
            raise RuntimeError(f"could not sign in as {username}: HTTP {response.status}")

    def copy(self) -> Client:
        """Another connection with the same session."""
        return Client(self.port, dict(self.cookies), self.timeout)
