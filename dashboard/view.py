"""The view: what a page, a download or ``cchc export`` is asked to show, and the pages.

A view comes in as a :class:`ViewState` (parsed from a URL or from CLI arguments: every filter
optional, bad values ignored) and is turned once, by :func:`resolve`, into a :class:`View` the
warehouse can show: year and round always set (the latest by default), unknown choices and the
filters the page does not use dropped, the one-group default applied where units are compared
within a group.  Pages, download routes, ``cchc export`` and the report pack all resolve here,
so they show the same thing for the same URL.

:data:`PAGES` is the page registry: slug, URL path, title, filters, page options, charts and
tables.  The functions that draw a chart or build a table live in :mod:`dashboard.specs`.

No Dash here; this module reads the warehouse only through :mod:`dashboard.queries`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal
from urllib.parse import quote

from sqlalchemy import Engine

from dashboard import limits, queries
from dashboard.i18n import DEFAULT_LANG, Lang, both, lang_of

Score = Literal["appraised", "self"]
SCORES: tuple[Score, ...] = ("appraised", "self")

# Query parameters, in the order they are written.
KEYS = ("year", "round", "group", "field", "criterion", "unit", "score", "lang")
# Parameters a navbar link carries from one page to the next.
CARRIED = ("year", "round", "group", "lang")
FILTERS = ("group", "field", "criterion", "unit", "score")  # the optional ones


def _int_or_none(value: object) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _text_or_none(value: object) -> str | None:
    """The text of a query value; ``None`` when empty or longer than any code (a value that
    long is refused by ``dashboard.security`` and never shown back)."""
    if value is None:
        return None
    text = str(value).strip()
    return text if text and len(text) <= limits.MAX_QUERY_VALUE_CHARS else None


def _params(values: Mapping[str, Any], keys: Iterable[str]) -> dict[str, str]:
    """The non-default values as query parameters (defaults are left out of URLs)."""
    out: dict[str, str] = {}
    for key in keys:
        value = values[key]
        if value is None or (key == "score" and value == "appraised"):
            continue
        if key == "lang" and value == DEFAULT_LANG:
            continue
        out[key] = str(value)
    return out


Options = tuple[tuple[str, str], ...]  # a page's own choices, e.g. (("level", "leaf"),)


@dataclass(frozen=True)
class ViewState:
    """The filters of a view, as read from the URL (``None`` = not chosen), and the page
    options it names (``?level=leaf``; checked against the page by :func:`resolve`)."""

    year: int | None = None
    round: int | None = None
    group: str | None = None
    field: str | None = None
    criterion: str | None = None
    unit: str | None = None
    score: Score = "appraised"
    lang: Lang = DEFAULT_LANG
    options: Options = ()

    @classmethod
    def from_query(cls, params: Mapping[str, Any]) -> ViewState:
        """From ``layout(**kwargs)``, a parsed query string or CLI arguments."""
        score = _text_or_none(params.get("score"))
        return cls(
            year=_int_or_none(params.get("year")),
            round=_int_or_none(params.get("round")),
            group=_text_or_none(params.get("group")),
            field=_text_or_none(params.get("field")),
            criterion=_text_or_none(params.get("criterion")),
            unit=_text_or_none(params.get("unit")),
            score="self" if score == "self" else "appraised",
            lang=lang_of(params.get("lang")),
            options=tuple(
                (name, str(params[name]))
                for name in OPTION_NAMES
                if _text_or_none(params.get(name))
            ),
        )

    def with_(self, **changes: Any) -> ViewState:
        return replace(self, **changes)

    def params(self, keys: Iterable[str] = KEYS) -> dict[str, str]:
        """The non-default values as query parameters (defaults are left out of URLs)."""
        return {**_params(asdict(self), keys), **dict(self.options)}


@dataclass(frozen=True)
class Scope:
    """Whose data the view may show.  ``units=None``: every unit (the only scope until
    accounts exist); otherwise only these unit codes."""

    units: frozenset[str] | None = None

    @property
    def sole(self) -> str | None:
        """The scope's only unit (a unit's account), else ``None``."""
        return next(iter(self.units)) if self.units is not None and len(self.units) == 1 else None

    def unit(self, asked: str | None) -> str | None:
        """The unit a view in this scope shows when ``asked`` is asked for: itself when the
        scope holds it, the scope's only unit (a unit's account), else none."""
        if self.units is None or asked in self.units:
            return asked
        return self.sole


EVERYTHING = Scope()


@dataclass(frozen=True)
class View:
    """A resolved view: the warehouse holds its year and round and every choice in it."""

    year: int
    round: int
    group: str | None = None
    field: str | None = None
    criterion: str | None = None
    unit: str | None = None
    score: Score = "appraised"
    lang: Lang = DEFAULT_LANG
    options: Options = ()  # the page's options that differ from their defaults
    scope: Scope = EVERYTHING

    def with_(self, **changes: Any) -> View:
        return replace(self, **changes)

    def params(self, keys: Iterable[str] = KEYS) -> dict[str, str]:
        """The view as query parameters: the non-default filters and page options."""
        values = {key: getattr(self, key) for key in KEYS}
        return {**_params(values, keys), **dict(self.options)}

    def option(self, page: Page, name: str) -> str:
        """Page option ``name``: the view's choice, else the page's default (its first)."""
        return dict(self.options).get(name) or dict(page.options)[name][0]

    @property
    def state(self) -> ViewState:
        """The view as a URL states it (to build links)."""
        return ViewState.from_query(self.params())

    @classmethod
    def restore(cls, data: Any, scope: Scope = EVERYTHING, page: Page | None = None) -> View:
        """The view a page resolved and stored (``View.params()`` in a ``dcc.Store``), for
        the page's callbacks: taken as it is, not resolved again — but held to ``scope``
        (the data is the browser's: a forged unit outside the scope is not shown).

        :class:`NotAViewError` when ``data`` is not a view ``page`` could have stored: no
        year or round, or no field/criterion on a page that always shows one (forged)."""
        if not isinstance(data, Mapping):
            raise NotAViewError(f"not a resolved view: {data!r:.200}")
        state = ViewState.from_query(data)
        if state.year is None or state.round is None:
            raise NotAViewError(f"not a resolved view: {dict(data)!r:.200}")
        if page is not None and page.one_node and not (state.field or state.criterion):
            raise NotAViewError(f"{page.slug} stores a field or criterion: {dict(data)!r:.200}")
        return cls(state.year, state.round, state.group, state.field, state.criterion,
                   scope.unit(state.unit), state.score, state.lang, state.options,
                   scope)  # fmt: skip


AnyView = View | ViewState


# --- the pages -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A page of the dashboard: what it is called, where it lives and what it shows.

    ``filters``: the optional filters it honours (the others are dropped from its view);
    ``one_group``: units are compared within one group, so a view without a group shows the
    year's first; ``roles``: who may open it (a unit account only its own unit's page);
    ``one_node``: it shows one field or criterion, the framework's first field
    unless one is chosen; ``options``: its own choices (``?level=leaf``), each with its allowed
    values, the default first; ``scheduled_rounds``: it also shows a round that is scheduled
    but has no scores yet (who has not sent).  Its charts and tables are registered in
    :mod:`dashboard.specs`.
    """

    slug: str
    path: str
    filters: tuple[str, ...]
    one_group: bool = False
    options: tuple[tuple[str, tuple[str, ...]], ...] = ()  # name, allowed values (default first)
    scheduled_rounds: bool = False  # also rounds scheduled but not scored yet (progress)
    one_node: bool = False  # shows one field or criterion: the first field by default
    roles: tuple[str, ...] = ("lanh_dao", "chuyen_vien")  # who may open it (dashboard.auth)
    national: bool = False  # only accounts of no one province (it names every province's)

    def open_to(self, role: str, province: str | None) -> bool:
        """Whether an account of ``role`` (of ``province``, ``None``: every province) may
        open the page."""
        return role in self.roles and (province is None or not self.national)

    @property
    def title_key(self) -> str:
        """The page's name in the navbar (``dashboard.i18n``)."""
        return f"page.{self.slug}"

    @property
    def export_title_key(self) -> str:
        """The title of its main chart and its exports (``dashboard.i18n``)."""
        return f"export.{self.slug}"

    @property
    def url(self) -> str:
        return f"/{self.path}"


PAGES: dict[str, Page] = {
    page.slug: page
    for page in (
        Page("overview", "", ()),
        Page("rankings", "xep-hang", ("group", "score")),
        Page("gaps", "chenh-lech", ("group", "field"), one_group=True),
        Page("evidence", "tai-lieu-kiem-chung", ("group", "field"), one_group=True, options=(
            ("problem", ("missing_evidence", "unspecific_explanation", "missing_explanation")),
            ("level", ("field", "criterion", "leaf")), ("measure", ("count", "share")),
            ("sort", ("worst", "name")))),
        Page("criteria", "tieu-chi", ("group", "field", "criterion"), one_group=True,
             one_node=True),
        Page("progress", "tien-do", ("group",), scheduled_rounds=True),
        Page("followup", "theo-doi-khac-phuc", ("group",),
             roles=("lanh_dao", "chuyen_vien", "don_vi")),
        Page("unit", "don-vi", ("group", "unit", "field", "criterion", "score"),
             roles=("lanh_dao", "chuyen_vien", "don_vi")),
        Page("audit", "nhat-ky", (), roles=("lanh_dao",), national=True),
        Page("upload", "nap-du-lieu", (), roles=("chuyen_vien",)),  # dashboard.auth.LOADERS
    )
}  # fmt: skip
# The report pack covers every group of the scope, as the overview does: who may open it.
REPORT_ROLES = PAGES["overview"].roles
OPTION_NAMES = tuple(dict.fromkeys(name for p in PAGES.values() for name, _ in p.options))


class UnknownPageError(ValueError):
    """A page or chart name that does not exist; ``str()`` says which exist, in both
    languages; ``status`` is the HTTP answer."""

    status = 404


def page_of(name: str) -> Page:
    """The page named by its slug (``rankings``) or its path (``xep-hang``)."""
    key = name.strip().strip("/").lower()
    for page in PAGES.values():
        if key in (page.slug, page.path):
            return page
    known = ", ".join(PAGES)
    raise UnknownPageError(both("error.unknown_page", name=name, known=known))


# --- resolving -------------------------------------------------------------------------------


class NotAViewError(ValueError):
    """A page's stored view that no page could have stored (a forged or damaged request)."""


class NoDataError(LookupError):
    """The warehouse holds no scores yet (bilingual message)."""

    status = 503


def default_group(engine: Engine, year: int) -> str | None:
    """The group a one-group view shows when none is chosen: the year's first."""
    present = queries.groups(engine, year)
    return None if present.empty else str(present["group"].iloc[0])


def rounds_for(engine: Engine, year: int, page: Page | None = None) -> list[int]:
    """The rounds of ``year`` a view may show, ascending: those with scores, and for a page
    with ``scheduled_rounds`` also those only scheduled so far."""
    scored = queries.rounds_of(engine, year)
    if page is None or not page.scheduled_rounds:
        return scored
    table = queries.rounds(engine)
    scheduled = {int(r) for r in table.loc[table["year"] == year, "round"]}
    return sorted(set(scored) | scheduled)


def resolve(
    engine: Engine, state: ViewState, page: Page | None = None, scope: Scope = EVERYTHING
) -> View | None:
    """``state`` made showable: the latest year (of those with scores) and its latest round
    (:func:`rounds_for`) unless chosen, unknown choices dropped, then — for ``page`` — the
    filters it does not use dropped, its one-group default applied and its options checked.
    ``None`` when the warehouse has no scores."""
    all_years = queries.years(engine)
    if not all_years:
        return None
    year = state.year if state.year in all_years else all_years[-1]
    year_rounds = rounds_for(engine, year, page)
    round_ = state.round if state.round in year_rounds else year_rounds[-1]
    kept = FILTERS if page is None else page.filters
    group = state.group if "group" in kept else None
    if group not in set(queries.groups(engine, year)["group"]):
        group = None
    if group is None and page is not None and page.one_group:
        group = default_group(engine, year)
    unit = scope.unit(state.unit if "unit" in kept else None)
    if unit not in set(queries.units(engine)["unit_code"]):
        unit = None
    tree = queries.framework(engine, year, group)
    field_ = state.field if "field" in kept else None
    if field_ not in set(tree.loc[tree["level"] == 1, "code"]):
        field_ = None
    criteria = tree[tree["level"] >= 2]
    if field_ is not None:
        criteria = criteria[criteria["field_code"] == field_]
    criterion = state.criterion if "criterion" in kept else None
    if criterion not in set(criteria["code"]):
        criterion = None
    fields = tree.loc[tree["level"] == 1, "code"]
    if page is not None and page.one_node and field_ is None and criterion is None and len(fields):
        field_ = str(fields.iloc[0])
    score: Score = state.score if "score" in kept else "appraised"
    return View(year, round_, group, field_, criterion, unit, score, state.lang,
                _options(state, page), scope)  # fmt: skip


def _options(state: ViewState, page: Page | None) -> Options:
    """The page's options the state names with an allowed value other than the default."""
    if page is None:
        return ()
    asked = dict(state.options)
    return tuple(
        (name, asked[name]) for name, allowed in page.options if asked.get(name) in allowed[1:]
    )


def require(
    engine: Engine, state: ViewState, page: Page | None = None, scope: Scope = EVERYTHING
) -> View:
    """:func:`resolve`, or :class:`NoDataError` when the warehouse has no scores (exports)."""
    view = resolve(engine, state, page, scope)
    if view is None:
        raise NoDataError(both("error.no_scores"))
    return view


# --- where a view's files are downloaded (served by ``dashboard.export.routes``) -------------

DOWNLOADS = "/export"
IMAGE_FORMATS = ("png", "svg", "pdf")
TABLE_FORMATS = ("xlsx", "csv")
REPORT_FORMATS = ("pdf", "docx")
NOTICE_FORMATS = ("pdf", "docx")


def chart_path(slug: str, fmt: str, chart: str | None = None) -> str:
    """The download path of page ``slug``'s chart ``chart`` (the main chart when ``None``);
    the page's query string follows it."""
    if chart is None:
        return f"{DOWNLOADS}/chart/{slug}.{fmt}"
    return f"{DOWNLOADS}/chart/{slug}/{chart}.{fmt}"


def table_path(slug: str, fmt: str) -> str:
    return f"{DOWNLOADS}/table/{slug}.{fmt}"


def report_path(fmt: str) -> str:
    return f"{DOWNLOADS}/report.{fmt}"


def notice_path(unit: str, fmt: str) -> str:
    """The download path of unit ``unit``'s feedback notice (``pdf`` or ``docx``); the view's
    query string (year, round, lang) follows it."""
    return f"{DOWNLOADS}/notice/{quote(unit, safe='')}.{fmt}"


def notices_path() -> str:
    """The download path of every notice of the view's scope and group, as one zip."""
    return f"{DOWNLOADS}/notices.zip"
