"""Which views of each page the benchmark opens, and which of Superset's views a callback
stands for.

Every page a leader (``lanh_dao``) may open, first as it opens (no query: the latest round,
the page's default group), then the filter combinations that make enough distinct callback
requests for a 95th percentile: each group of the latest round, the round before, and the
page's own choices where they change the work a great deal (the evidence matrix per field and
per sub-criterion; one unit of each group on the unit page).

:func:`variants` names the subjects a callback is also counted under, the views Superset's
cached p95 was measured on: ``rankings/group`` (one group), ``rankings/all-groups``,
``evidence/field`` (unit × field) and ``evidence/leaf`` (unit × sub-criterion).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from dashboard.view import PAGES

ROLE = "lanh_dao"


@dataclass(frozen=True)
class Catalogue:
    """What the warehouse holds that the views are made of."""

    latest: tuple[int, int]
    previous: tuple[int, int] | None
    groups: tuple[str, ...]
    units: tuple[str, ...]  # one unit of each group


def catalogue(url: str) -> Catalogue:
    """The latest and previous scored rounds, the latest year's groups and a unit of each."""
    from dashboard import queries
    from etl.db import get_engine

    engine = get_engine(url)
    try:
        rounds = queries.rounds(engine)
        rounds = rounds[rounds["has_scores"].astype(bool)]
        scored = [(int(y), int(r)) for y, r in zip(rounds["year"], rounds["round"], strict=True)]
        if not scored:
            raise RuntimeError(f"no scores in the warehouse {url}")
        latest = max(scored)
        earlier = [r for r in scored if r < latest]
        groups = tuple(str(g) for g in queries.groups(engine, latest[0])["group"])
        units = []
        for group in groups:
            found = queries.units(engine, group)
            if len(found):
                units.append(str(found["unit_code"].iloc[0]))
        return Catalogue(latest, max(earlier) if earlier else None, groups, tuple(units))
    finally:
        engine.dispose()


def _query(**params: object) -> str:
    present = {k: v for k, v in params.items() if v is not None}
    return "?" + urlencode(present) if present else ""


def page_views(slug: str, found: Catalogue, *, thorough: bool = True) -> list[str]:
    """The query strings ``slug`` is opened with, its default view first (``thorough``
    ``False``: that one only)."""
    page = PAGES[slug]
    views = [""]
    if not thorough:
        return views
    year, round_ = found.latest
    if page.slug == "evidence":
        for group in found.groups:
            for level in ("field", "leaf"):
                views.append(_query(year=year, round=round_, group=group, level=level))
        views.append(_query(year=year, round=round_, level="criterion"))
    elif page.slug == "unit":
        views += [_query(year=year, round=round_, unit=unit) for unit in found.units]
    elif "group" in page.filters:
        views += [_query(year=year, round=round_, group=group) for group in found.groups]
    if found.previous is not None and page.slug not in ("audit", "unit"):
        views.append(_query(year=found.previous[0], round=found.previous[1]))
    return list(dict.fromkeys(views))


def plan(
    found: Catalogue, pages: tuple[str, ...] = (), *, thorough: bool = True
) -> list[tuple[str, str, str]]:
    """``(slug, path, query)`` of every view to open: each page a leader may open (or those
    named in ``pages``), its default view first."""
    chosen = [p for p in PAGES.values() if ROLE in p.roles and (not pages or p.slug in pages)]
    return [(p.slug, p.url, q) for p in chosen for q in page_views(p.slug, found,
                                                                   thorough=thorough)]  # fmt: skip


def variants(page: str, view: str) -> list[str]:
    """The Superset views a callback asked from ``view`` (path and query) stands for."""
    params = parse_qs(urlsplit(view).query)
    if page == "rankings":
        return ["rankings/group" if params.get("group", [""])[0] else "rankings/all-groups"]
    if page == "evidence":
        return [f"evidence/{params.get('level', ['field'])[0]}"]
    return []
