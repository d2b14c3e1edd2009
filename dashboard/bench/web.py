"""The ``http`` section: the app under gunicorn, driven by a browser, then replayed.

1. gunicorn starts (2 workers, the Procfile's settings) on the run's warehouse; a throw-away
   leader account signs in through ``/login`` in headless Chromium;
2. every view of :func:`.views.plan` is opened (:mod:`.browser`): each page's first render and
   what it transferred (its first visit, empty browser cache), every callback request made;
3. gunicorn restarts; the recorded requests are asked over HTTP (:mod:`.replay`): cold, warm,
   then under load; each page's HTML and the app's layout are fetched for their sizes;
4. the workers' peak memory (``VmHWM``) over both starts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from dashboard.bench import browser, replay, views
from dashboard.bench.records import Record, percentile, record
from dashboard.bench.server import Client, Gunicorn, bench_account

Say = Callable[[str], None]


def _browser_records(scale: str, backend: str, visits: list[browser.Visit]) -> list[Record]:
    out: list[Record] = []
    firsts: dict[str, browser.Visit] = {}
    failed: dict[str, int] = {}
    console: dict[str, int] = {}
    for visit in visits:
        firsts.setdefault(visit.page, visit)
        failed[visit.page] = failed.get(visit.page, 0) + sum(c.status != 200 for c in visit.calls)
        console[visit.page] = console.get(visit.page, 0) + len(visit.console_errors)
    for page, visit in firsts.items():
        out.append(record(scale, backend, page, "first_render_ms", visit.render_ms))
        out.append(record(scale, backend, page, "transfer_bytes_first_load", visit.transfer_bytes))
    for page, count in failed.items():
        out.append(record(scale, backend, page, "callback_errors", count))
    out.append(record(scale, backend, "all", "callback_errors", sum(failed.values())))
    for page, count in console.items():
        out.append(record(scale, backend, page, "console_errors", count))
    out.append(record(scale, backend, "all", "console_errors", sum(console.values())))
    return out


def _documents(client: Client, visits: list[browser.Visit]) -> dict[str, int]:
    """Sizes before compression of each page's HTML (by slug) and of the app's layout and
    callback list (``all``)."""
    from dashboard.view import PAGES

    sizes: dict[str, int] = {}
    for slug in dict.fromkeys(v.page for v in visits):
        sizes[slug] = client.get(PAGES[slug].url).body_bytes
    sizes["all"] = max(client.get(path).body_bytes
                       for path in ("/_dash-layout", "/_dash-dependencies"))  # fmt: skip
    return sizes


def measure(
    scale: str,
    backend: str,
    url: str,
    say: Say,
    out: list[Record],
    *,
    pages: tuple[str, ...] = (),
    thorough: bool = True,
    clients: int = replay.CLIENTS,
    load_seconds: float = replay.LOAD_SECONDS,
    recordings: Path | None = None,
) -> None:
    """Measure the app on the warehouse at ``url``; the records are added to ``out`` as they
    are made (a failure later in the run keeps them)."""
    found = views.catalogue(url)
    plan = views.plan(found, pages, thorough=thorough)
    username, password = bench_account(url)
    with Gunicorn(url) as server:
        say(f"gunicorn ({server.workers} workers) on {server.base}; {len(plan)} views in Chromium")
        start = time.perf_counter()
        visits = browser.browse(server.base, username, password, plan, log=lambda s: say("  " + s))
        say(f"browsing took {time.perf_counter() - start:.0f} s")
        if recordings is not None:
            recordings.mkdir(parents=True, exist_ok=True)
            browser.save(visits, recordings / f"{scale}-{backend}.json")
        out += _browser_records(scale, backend, visits)
        requests = replay.requests_of(visits)
        if not requests:
            say("no callback request was recorded: nothing to replay")
            return
        server.restart()
        client = Client(server.port)
        client.sign_in(username, password)
        start = time.perf_counter()
        cold = replay.ask_all(client, requests)
        say(f"cold: {len(requests)} distinct callback requests in "
            f"{time.perf_counter() - start:.1f} s, {replay.errors(cold)} failed")  # fmt: skip
        warm = replay.warm(client, requests)
        say(f"warm: {len(warm)} requests, {replay.errors(warm)} failed")
        if recordings is not None:
            replay.save(cold, warm, recordings / f"{scale}-{backend}-replay.json")
        out += replay.latency_records(scale, backend, cold, "_cold")
        out += replay.latency_records(scale, backend, warm, "")
        counts: dict[str, int] = {}
        for request in requests:
            for subject in (*request.subjects, "all"):
                counts[subject] = counts.get(subject, 0) + 1
        out += [record(scale, backend, s, "callback_count", n) for s, n in counts.items()]
        out += replay.size_records(scale, backend, cold + warm, _documents(client, visits))
        result = replay.load(client, requests, clients=clients, seconds=load_seconds)
        client.close()
        say(f"load: {clients} clients, {result.requests} requests in {result.seconds:.1f} s, "
            f"{result.errors} failed")  # fmt: skip
        subject = f"{clients} clients"
        out.append(record(scale, backend, subject, "load_rps", result.rps))
        if result.latencies_ms:
            p95 = percentile(result.latencies_ms, 0.95)
            out.append(record(scale, backend, subject, "load_p95_ms", p95))
        out.append(record(scale, backend, subject, "load_errors", result.errors))
        out.append(record(scale, backend, "worker", "rss_mb_max", server.peak_rss_mb()))
