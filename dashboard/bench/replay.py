"""The recorded callback requests asked again over HTTP: cold, warm and under load.

* **cold** — right after gunicorn starts new workers (every per-process cache empty), each
  distinct request once, in the order the pages asked them: the first time it is asked;
* **warm** — then every request again, once more unmeasured (with 2 workers a request may land
  on the one that has not answered it yet), then :data:`WARM_PASSES` times measured;
* **load** — :data:`CLIENTS` concurrent clients (a keep-alive connection each, the same session)
  ask requests of the warm mix in random order for :data:`LOAD_SECONDS`.

Every request carries the session cookie and ``Accept-Encoding: gzip``; a latency is from
sending the request to its answer's last byte; sizes are measured before compression.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dashboard.bench.browser import Visit
from dashboard.bench.records import Record, percentile, record
from dashboard.bench.server import Answer, Client
from dashboard.bench.views import variants

CALLBACK_PATH = "/_dash-update-component"
WARM_PASSES = 3
CLIENTS = 20
LOAD_SECONDS = 20.0


@dataclass(frozen=True)
class Request:
    page: str
    subjects: tuple[str, ...]  # the page's slug, then the Superset views it stands for
    body: bytes


def requests_of(visits: Iterable[Visit]) -> list[Request]:
    """The distinct callback requests the pages made (answered 200), in the order asked."""
    found: dict[bytes, Request] = {}
    for visit in visits:
        for call in visit.calls:
            body = call.body.encode("utf-8")
            if call.status == 200 and body not in found:
                subjects = (call.page, *variants(call.page, call.view))
                found[body] = Request(call.page, subjects, body)
    return list(found.values())


def ask_all(client: Client, requests: Sequence[Request]) -> list[tuple[Request, Answer]]:
    return [(request, client.post(CALLBACK_PATH, request.body)) for request in requests]


def warm(
    client: Client, requests: Sequence[Request], passes: int = WARM_PASSES
) -> list[tuple[Request, Answer]]:
    ask_all(client, requests)  # each worker answers it once (unmeasured)
    answers: list[tuple[Request, Answer]] = []
    for _ in range(passes):
        answers += ask_all(client, requests)
    return answers


def latency_records(
    scale: str, backend: str, answers: Sequence[tuple[Request, Answer]], suffix: str
) -> list[Record]:
    """p50 and p95 per page, per Superset view and over all (``suffix``: ``""`` warm,
    ``"_cold"`` cold); answers other than 200 count as they came."""
    by_subject: dict[str, list[float]] = {}
    for request, answer in answers:
        for subject in (*request.subjects, "all"):
            by_subject.setdefault(subject, []).append(answer.seconds * 1000)
    out = []
    for subject, values in by_subject.items():
        out.append(record(scale, backend, subject, f"callback_p50_ms{suffix}",
                          percentile(values, 0.5)))  # fmt: skip
        out.append(record(scale, backend, subject, f"callback_p95_ms{suffix}",
                          percentile(values, 0.95)))  # fmt: skip
    return out


def size_records(
    scale: str,
    backend: str,
    answers: Sequence[tuple[Request, Answer]],
    documents: dict[str, int],
) -> list[Record]:
    """The largest answer before compression per page and over all: callbacks, and the
    ``documents`` (a page's HTML under its slug, the app's layout and dependencies under
    ``all``)."""
    largest: dict[str, int] = {}
    for request, answer in answers:
        for subject in (request.page, "all"):
            largest[subject] = max(largest.get(subject, 0), answer.body_bytes)
    for subject, size in documents.items():
        for key in {subject, "all"}:
            largest[key] = max(largest.get(key, 0), size)
    return [record(scale, backend, s, "response_bytes_max", v) for s, v in largest.items()]


def save(
    cold: Sequence[tuple[Request, Answer]], warm: Sequence[tuple[Request, Answer]], path: Path
) -> None:
    """Each request's page, output, cold answer and warm times (to see which one is slow)."""
    warm_ms: dict[bytes, list[float]] = {}
    for request, answer in warm:
        warm_ms.setdefault(request.body, []).append(round(answer.seconds * 1000, 1))
    items = []
    for request, answer in cold:
        output = str(json.loads(request.body).get("output", ""))
        items.append({"page": request.page, "subjects": request.subjects, "output": output[:200],
                      "status": answer.status, "bytes": answer.body_bytes,
                      "cold_ms": round(answer.seconds * 1000, 1),
                      "warm_ms": warm_ms.get(request.body, [])})  # fmt: skip
    path.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")


def errors(answers: Sequence[tuple[Request, Answer]]) -> int:
    return sum(answer.status != 200 for _, answer in answers)


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def load(
    client: Client,
    requests: Sequence[Request],
    *,
    clients: int = CLIENTS,
    seconds: float = LOAD_SECONDS,
) -> LoadResult:
    """``clients`` threads, each its own connection, asking the mix until ``seconds`` pass."""
    lock = threading.Lock()
    latencies: list[float] = []
    failed = [0]
    start = time.perf_counter()
    deadline = start + seconds

    def worker(number: int) -> None:
        own = client.copy()
        order = list(requests)
        random.Random(number).shuffle(order)
        mine: list[float] = []
        errors_here = 0
        index = 0
        try:
            while time.perf_counter() < deadline:
                request = order[index % len(order)]
                index += 1
                try:
                    answer = own.post(CALLBACK_PATH, request.body)
                except OSError:
                    errors_here += 1
                    own.close()
                    continue
                if answer.status != 200:
                    errors_here += 1
                mine.append(answer.seconds * 1000)
        finally:
            own.close()
            with lock:
                latencies.extend(mine)
                failed[0] += errors_here

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 300)
    elapsed = time.perf_counter() - start
    return LoadResult(len(latencies), failed[0], elapsed, latencies)
