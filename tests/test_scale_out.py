"""Scale-out on existing engines (issue 11, item 4): PostgreSQL as the warehouse, Redis as the
shared query cache and session store (``CCHC_CACHE_URL``), several app instances.

* The Redis cache backend (:mod:`dashboard.shared_cache`) on a copy of the demo warehouse, with
  a real ``redis-server`` (``tests/redis_service.py``): the main queries answer the same
  cached as uncached, under two scopes; a load changes the data version and the next call
  answers the new numbers; a value not signed with the app's key, moved to another key or too
  large is never served; Redis stopped mid-run: the answers stay right, one warning logged.
* Sessions in Redis (:mod:`dashboard.auth.sessions`): a new id at sign-in; Redis down: 503,
  the cookie kept, signed in again when it is back.
* Two app instances — two gunicorn masters of two workers each, on two ports — on one
  PostgreSQL warehouse and one Redis: signed in through A, the cookie works on B; a file
  uploaded through A is seen by the very next requests to both of B's workers (the workers
  are told apart by gunicorn's access log); the answers equal the uncached CLI's; signed out
  through A, B refuses the cookie.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import redis
import requests
import sqlalchemy as sa
from flask import Flask
from sqlalchemy import Engine

from dashboard import queries, shared_cache
from dashboard.auth import gate, sessions, users
from dashboard.auth.settings import Settings
from dashboard.cli import main
from dashboard.queries import cache
from etl.db import get_engine
from etl.load import load_files
from etl.schema import score_fact
from tests import filemakers as fm
from tests.redis_service import free_port, redis_process
from tests.services import create_database

REPO = Path(__file__).resolve().parent.parent
SECRET = "s" * 40
Query = Callable[[Engine, int, int, str], Any]


class NoCache:
    """Nothing kept: every call computes (the uncached answer)."""

    def get(self, key: str) -> Any:
        return None

    def set(self, key: str, value: Any) -> None:
        return None


class Counting:
    """A backend that counts its hits."""

    def __init__(self, backend: cache.CacheBackend) -> None:
        self.backend, self.hits = backend, 0

    def get(self, key: str) -> Any:
        found = self.backend.get(key)
        self.hits += found is not None
        return found

    def set(self, key: str, value: Any) -> Any:
        return self.backend.set(key, value)


def comparable(value: Any) -> Any:
    """``value`` in a form ``==`` compares exactly (frames with their dtypes; NaN = NaN)."""
    if isinstance(value, pd.DataFrame):
        exact = value.to_json(orient="split", date_format="iso", double_precision=15)
        return "frame", [str(t) for t in value.dtypes], exact
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return type(value).__name__, {
            f.name: comparable(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [comparable(v) for v in value]
    return value


MAIN_QUERIES: dict[str, Query] = {
    "rankings": lambda e, y, r, u: queries.rankings(e, y, r),
    "rankings_self": lambda e, y, r, u: queries.rankings(e, y, r, score="self"),
    "unit_scores": lambda e, y, r, u: queries.unit_scores(e, y, r),
    "field_scores": lambda e, y, r, u: queries.field_scores(e, y, r),
    "criterion_gaps": lambda e, y, r, u: queries.criterion_gaps(e, y, r),
    "gap_rounds": lambda e, y, r, u: queries.gap_rounds(e, y),
    "evidence_matrix": lambda e, y, r, u: queries.evidence_matrix(e, y, r, level="criterion"),
    "scorecard": lambda e, y, r, u: queries.scorecard(e, y, r, u),
    "unit_history": lambda e, y, r, u: queries.unit_history(e, u),
    "progress": lambda e, y, r, u: queries.progress(e, y, r),
    "overview": lambda e, y, r, u: queries.overview(e, y, r),
}


def latest(engine: Engine) -> tuple[int, int]:
    found = queries.latest(engine)
    assert found is not None
    return found


def answers(engine: Engine, units: cache.Units, unit: str) -> dict[str, Any]:
    year, round_ = latest(engine)
    with cache.scoped(units):
        return {n: comparable(q(engine, year, round_, unit)) for n, q in MAIN_QUERIES.items()}


def uncached(engine: Engine, units: cache.Units, unit: str) -> dict[str, Any]:
    cache.configure_cache(NoCache())
    try:
        return answers(engine, units, unit)
    finally:
        cache.configure_cache(None)


# --- the Redis cache backend -------------------------------------------------------------------


@pytest.fixture
def demo(demo_db_url: str, tmp_path: Path) -> Iterator[Engine]:
    """A copy of the province demo warehouse (this test's own: it loads into it)."""
    copy = tmp_path / "warehouse.db"
    shutil.copyfile(demo_db_url.removeprefix("sqlite:///"), copy)
    engine = get_engine(f"sqlite:///{copy}")
    yield engine
    engine.dispose()
    cache.configure_cache(None)


def redis_cache(url: str, **options: Any) -> shared_cache.RedisCache:
    """A backend of its own (a fresh key prefix) on the server ``url``."""
    link = shared_cache.link(url)
    assert link is not None
    return shared_cache.RedisCache(link, secret=SECRET, prefix=f"t{uuid.uuid4().hex}:", **options)


def stored(backend: shared_cache.RedisCache) -> int:
    return len(backend.link.client.keys(backend.prefix + "*"))


def best_unit(engine: Engine) -> tuple[str, str]:
    """The first-ranked unit of the latest round, and a leaf it was given points for."""
    year, round_ = latest(engine)
    unit = str(queries.rankings(engine, year, round_)["unit_code"].iloc[0])
    f = score_fact.c
    query = (
        sa.select(f.criterion_code)
        .where(f.year == year, f.round == round_, f.unit_code == unit)
        .where(f.self_score.is_not(None), f.appraised_score > 0)
        .order_by(f.appraised_score.desc(), f.criterion_code)
    )
    with engine.connect() as conn:
        return unit, str(conn.execute(query).scalars().first())


def points_of(engine: Engine, unit: str) -> float:
    """``unit``'s points in the latest round's ranking."""
    year, round_ = latest(engine)
    table = queries.rankings(engine, year, round_)
    return float(table.loc[table["unit_code"] == unit, "points"].sum())


def zero_a_leaf(engine: Engine, folder: Path, unit: str, code: str) -> float:
    """Load a scores file giving ``unit``'s leaf ``code`` 0 appraised points; the points
    taken away."""
    year, round_ = latest(engine)
    f = score_fact.c
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(f.self_score, f.appraised_score, f.evidence_count).where(
                f.year == year, f.round == round_, f.unit_code == unit, f.criterion_code == code
            )
        ).one()
    path = fm.write_csv(
        folder / "diem-sua.csv",
        [fm.SCORES_HEADER, [year, round_, unit, code, row.self_score, 0, row.evidence_count]],
    )
    (result,) = load_files(engine, [path], progress=False)
    assert result.status == "loaded", result.problems
    return float(row.appraised_score)


def test_cached_answers_equal_uncached_under_two_scopes(demo: Engine, redis_url: str) -> None:
    year, round_ = latest(demo)
    table = queries.rankings(demo, year, round_)
    first = table.groupby("group")["unit_code"].first()
    unit = str(first["so_nganh"])
    few = frozenset({unit, str(first["huyen"])})
    backend = redis_cache(redis_url)
    counting = Counting(backend)
    for units in (None, few):
        expected = uncached(demo, units, unit)
        cache.configure_cache(counting)
        computed = answers(demo, units, unit)  # computed, and stored in Redis
        assert stored(backend) > 0
        counting.hits = 0
        from_redis = answers(demo, units, unit)
        assert counting.hits >= len(MAIN_QUERIES)  # each answer read back from Redis
        assert computed == expected
        assert from_redis == expected
    cache.configure_cache(counting)
    with cache.scoped(few):
        assert set(queries.rankings(demo, year, round_)["unit_code"]) == few
    assert len(queries.rankings(demo, year, round_)) == len(table) > len(few)


def test_a_load_is_answered_at_the_next_call(demo: Engine, redis_url: str, tmp_path: Path) -> None:
    cache.configure_cache(redis_cache(redis_url))
    year, round_ = latest(demo)
    unit, code = best_unit(demo)
    before = points_of(demo, unit)
    card = queries.scorecard(demo, year, round_, unit)
    version = cache.data_version(demo)
    taken = zero_a_leaf(demo, tmp_path, unit, code)
    assert cache.data_version(demo) != version
    assert points_of(demo, unit) == pytest.approx(before - taken)
    new_card = queries.scorecard(demo, year, round_, unit)
    assert new_card.index is not None and card.index is not None and new_card.index < card.index
    for units in (None, frozenset({unit})):
        expected = uncached(demo, units, unit)
        cache.configure_cache(redis_cache(redis_url))
        assert answers(demo, units, unit) == expected


def test_only_our_own_values_are_served(redis_url: str) -> None:
    backend = redis_cache(redis_url)
    client = backend.link.client
    backend.set("k1", {"a": 1})
    assert backend.get("k1") == {"a": 1}
    signed = client.get(backend.prefix + "k1")
    assert isinstance(signed, bytes)
    client.set(backend.prefix + "k2", signed)  # moved to another key
    assert backend.get("k2") is None
    client.set(backend.prefix + "k3", b"\x01" + b"0" * 32 + b"not a pickle")  # forged
    assert backend.get("k3") is None
    other = shared_cache.RedisCache(backend.link, secret="x" * 40, prefix=backend.prefix)
    assert other.get("k1") is None  # another secret key
    small = redis_cache(redis_url, max_bytes=1000)
    small.set("big", "x" * 2000)
    assert small.get("big") is None and stored(small) == 0


def test_redis_stopping_mid_run_leaves_the_answers_right(
    demo: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    unit, code = best_unit(demo)
    with redis_process() as (process, url):
        backend = redis_cache(url)
        cache.configure_cache(backend)
        before = answers(demo, None, unit)
        points = points_of(demo, unit)
        assert stored(backend) > 0
        process.terminate()
        process.wait()
        with caplog.at_level(logging.WARNING, logger=shared_cache.__name__):
            assert answers(demo, None, unit) == before
            taken = zero_a_leaf(demo, tmp_path, unit, code)
            changed = answers(demo, None, unit)
            now = points_of(demo, unit)
    assert changed != before and now == pytest.approx(points - taken)
    assert changed == uncached(demo, None, unit)
    warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(warnings) == 1, [r.getMessage() for r in caplog.records]


# --- sessions in Redis -------------------------------------------------------------------------


def gate_app(engine: Engine) -> Flask:
    app = Flask(f"sessions-{uuid.uuid4().hex}")
    gate.install(app, Settings(secret_key=SECRET), engine=lambda: engine)
    app.add_url_rule("/page", "page", lambda: "ok")
    return app


def test_sessions_get_a_new_id_at_sign_in_and_wait_out_an_outage(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    users.add(sqlite_engine, "lanhdao", "mot-mat-khau-dung", "lanh_dao")
    with redis_process() as (process, url):
        monkeypatch.setenv(shared_cache.CACHE_URL_ENV, url)
        app = gate_app(sqlite_engine)
        assert isinstance(app.session_interface, sessions.RedisSessions)
        client = app.test_client()
        html = client.get("/login").get_data(as_text=True)
        anonymous = client.get_cookie(gate.SESSION_COOKIE)
        assert anonymous is not None
        token = re.search(r'name="csrf" value="([^"]+)"', html)
        assert token
        form = {"csrf": token.group(1), "username": "lanhdao", "password": "mot-mat-khau-dung"}
        assert client.post("/login", data=form).status_code == 302
        signed = client.get_cookie(gate.SESSION_COOKIE)
        assert signed is not None and signed.value != anonymous.value
        assert client.get("/page").status_code == 200
        link = shared_cache.link(url)
        assert link is not None
        assert len(link.client.keys(sessions.SESSION_PREFIX + "*")) == 1  # the old id is gone
        process.terminate()
        process.wait()
        down = client.get("/page")
        assert down.status_code == 503 and down.headers["Retry-After"]
        assert client.get_cookie(gate.SESSION_COOKIE) is not None  # kept for when Redis is back


# --- two app instances -------------------------------------------------------------------------

ACCESS_FORMAT = "%(p)s %(s)s %(U)s"
RANKINGS = "/export/table/rankings.csv?year=2023&round=1"
LOADER, LOADER_PASSWORD = "nhapdulieu", "mat-khau-nhap-du-lieu"


@dataclasses.dataclass
class Instance:
    base: str
    process: subprocess.Popen[bytes]
    access_log: Path
    error_log: Path

    def said(self) -> str:
        return self.error_log.read_text()[-3000:] if self.error_log.exists() else ""

    def lines(self) -> list[str]:
        return self.access_log.read_text().splitlines() if self.access_log.exists() else []


@contextmanager
def instances(count: int, env: dict[str, str], folder: Path) -> Iterator[list[Instance]]:
    """``count`` gunicorn masters of 2 workers each, with the production settings but the
    export browser's warm-up (no chart is exported here)."""
    conf = folder / "gunicorn_test_conf.py"
    conf.write_text("from dashboard.gunicorn_conf import on_starting, threads, timeout\n")
    started: list[Instance] = []
    try:
        for number in range(count):
            port = free_port()
            access, errors = folder / f"access-{number}.log", folder / f"error-{number}.log"
            options = f"--config {conf} --bind 127.0.0.1:{port} --workers 2 --no-control-socket "
            options += f"--access-logfile {access} --error-logfile {errors}"
            command = [sys.executable, "-m", "gunicorn", "dashboard.app:server", *options.split()]
            command += ["--access-logformat", ACCESS_FORMAT]
            process = subprocess.Popen(command, cwd=REPO, env=env, stdin=subprocess.DEVNULL)
            started.append(Instance(f"http://127.0.0.1:{port}", process, access, errors))
        deadline = time.monotonic() + 120
        for instance in started:
            while True:
                assert instance.process.poll() is None, instance.said()
                try:
                    if requests.get(instance.base + "/login", timeout=30).status_code == 200:
                        break
                except requests.RequestException:  # not listening yet, or a worker still booting
                    pass
                assert time.monotonic() < deadline, instance.said()
                time.sleep(0.2)
        yield started
    finally:
        for instance in started:
            instance.process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        for instance in started:
            try:
                instance.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                instance.process.kill()
                instance.process.wait()


def get(instance: Instance, path: str, cookie: str | None = None) -> requests.Response:
    headers = {"Cookie": cookie} if cookie else {}
    return requests.get(instance.base + path, headers=headers, allow_redirects=False, timeout=60)


def post(instance: Instance, path: str, cookie: str, upload: str = "", **body: Any) -> Any:
    headers = {"Cookie": cookie} | ({"X-CCHC-Upload": upload} if upload else {})
    return requests.post(instance.base + path, headers=headers, allow_redirects=False,
                         timeout=60, **body)  # fmt: skip


def token_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def burst(instance: Instance, path: str, cookie: str, n: int = 4) -> tuple[set[int], list[str]]:
    """``n`` requests at once, each on a new connection: the workers that answered (gunicorn's
    access log) and the answers (the body, or the status when not 200)."""
    before = len(instance.lines())
    with ThreadPoolExecutor(n) as pool:
        answers = list(pool.map(lambda _i: get(instance, path, cookie), range(n)))
    deadline = time.monotonic() + 10
    while len(instance.lines()) < before + n:  # gunicorn logs a request after answering it
        assert time.monotonic() < deadline
        time.sleep(0.02)
    pids = {int(line.split()[0].strip("<>")) for line in instance.lines()[before : before + n]}
    return pids, [a.text if a.status_code == 200 else str(a.status_code) for a in answers]


def every_worker(instance: Instance, path: str, cookie: str) -> set[str]:
    """What ``path`` answers, asked until both workers of ``instance`` have answered it."""
    pids: set[int] = set()
    bodies: set[str] = set()
    for _round in range(15):
        answered, said = burst(instance, path, cookie)
        pids |= answered
        bodies.update(said)
        if len(pids) == 2:
            return bodies
    raise AssertionError(f"only workers {pids} of {instance.base} answered")


def ranking_rows(text: str) -> list[tuple[int, str, float, float, float]]:
    """rank, unit code, points, maximum, index — of a table download or of ``cchc rank``."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1:]
    return [(int(r[0]), r[1], float(r[4]), float(r[5]), float(r[6])) for r in rows]


def cli_ranking(url: str) -> list[tuple[int, str, float, float, float]]:
    """``cchc rank`` on the warehouse, computed afresh (no cache kept across calls)."""
    cache.configure_cache(NoCache())
    out = io.StringIO()
    try:
        with redirect_stdout(out):
            code = main(["rank", "--year", "2023", "--round", "1", "--format", "csv", "--db", url])
        assert code == 0
    finally:
        cache.configure_cache(None)
    return ranking_rows(out.getvalue())


def test_two_instances_share_sessions_and_see_a_load_at_once(
    pg_base_url: str, redis_url: str, tmp_path: Path
) -> None:
    url = create_database(pg_base_url)
    engine = get_engine(url)
    fm.load_reference(engine, tmp_path / "ref")
    scores = [fm.write_csv(tmp_path / f"diem-{u}.csv", fm.scores_rows(u)) for u in ("SNV", "STP")]
    assert [r.status for r in load_files(engine, scores, progress=False)] == ["loaded"] * 2
    users.add(engine, LOADER, LOADER_PASSWORD, "chuyen_vien")
    engine.dispose()
    env = {k: v for k, v in os.environ.items() if k not in ("CCHC_HTTPS", "CCHC_PROXY")}
    env |= {"CCHC_DATABASE_URL": url, "CCHC_CACHE_URL": redis_url, "CCHC_SECRET_KEY": SECRET}
    env["CCHC_EXPORTS_PER_PROCESS"] = "8"  # the bursts below: no 429 for a second export
    with instances(2, env, tmp_path) as (a, b):
        # signed in through A: a new session id, which B takes
        login = get(a, "/login")
        anonymous = login.cookies[gate.SESSION_COOKIE]
        form = {"csrf": token_of(login.text), "username": LOADER, "password": LOADER_PASSWORD}
        signed = post(a, "/login", f"{gate.SESSION_COOKIE}={anonymous}", data=form)
        assert signed.status_code == 302, signed.text
        session_id = signed.cookies[gate.SESSION_COOKIE]
        assert session_id != anonymous
        cookie = f"{gate.SESSION_COOKIE}={session_id}"
        assert get(b, "/", cookie).status_code == 200

        # the same answer from every worker of both instances, and from the CLI
        old = cli_ranking(url)
        assert [(r[1], r[0]) for r in old] == [("SNV", 1), ("STP", 1)]
        for instance in (a, b):
            (body,) = every_worker(instance, RANKINGS, cookie)
            assert ranking_rows(body) == old

        # a correction uploaded through A: STP's 1.2 appraised 2 points (was 1.5)
        correction = fm.csv_text([fm.SCORES_HEADER, [2023, 1, "STP", "1.2", 2, 2, 1]])
        upload = [("files", ("diem-stp-sua.csv", correction.encode("utf-8"), "text/csv"))]
        uploaded = post(a, "/nap-du-lieu/tai-len", cookie, files=upload, upload="1")
        assert uploaded.status_code == 200 and uploaded.json()["batches"], uploaded.text
        for instance in (b, a):  # B first: the very next request after the load
            (body,) = every_worker(instance, RANKINGS, cookie)
            new = [(1, "STP", 8.45, 10.0, 84.5), (2, "SNV", 7.95, 10.0, 79.5)]
            assert ranking_rows(body) == new
            assert ranking_rows(body) == cli_ranking(url)
        shared = redis.Redis.from_url(redis_url)
        assert shared.keys(shared_cache.CACHE_PREFIX + "*")
        assert shared.keys(sessions.SESSION_PREFIX + "*")

        # signed out through A: the cookie is refused by B (and by A)
        question = get(a, "/logout", cookie)
        out = post(a, "/logout", cookie, data={"csrf": token_of(question.text)})
        assert out.status_code == 302 and "/login" in out.headers["Location"]
        for instance in (b, a):
            assert set(burst(instance, RANKINGS, cookie)[1]) == {"401"}
            page = get(instance, "/", cookie)
            assert page.status_code == 302 and page.headers["Location"].startswith("/login")
