"""Component ids: the app-wide ones in one place, page ids through a prefix helper.

A page never writes a bare string id.  It makes its own prefix once::

    from dashboard.ids import PageIds
    ID = PageIds("rankings")
    dcc.Graph(id=ID("bars"))          # -> "rankings-bars"

so two pages can use the same local name without colliding.  Filters are the one exception:
every filter control, on every page, has the pattern-matching id :func:`filter_id`, so the one
callback in :mod:`dashboard.components.url_state` writes all of them into the URL.
"""

from __future__ import annotations

from typing import Final

# Dash Pages' own location component (``dash.page_container``): the URL the router listens to.
URL: Final = "_pages_location"

FILTER_TYPE: Final = "cchc-filter"
RENDERED_TYPE: Final = "cchc-filter-rendered"

# App shell (dashboard/app.py, dashboard/components/navbar.py)
NAVBAR: Final = "app-navbar"
NAV_LINKS: Final = "app-nav-links"
LANG_LINK: Final = "app-lang-link"
THEME_STORE: Final = "app-theme"
THEME_TOGGLE: Final = "app-theme-toggle"
THEME_DUMMY: Final = "app-theme-dummy"
LANG_DUMMY: Final = "app-lang-dummy"
SCOPED_SEARCH: Final = "app-scoped-search"  # the URL's query, held to the scope (navbar)
BRAND: Final = "app-brand"
FOOTER: Final = "app-footer"
OUTAGE: Final = "app-outage"  # where a callback says the warehouse cannot be reached
ACCOUNT: Final = "app-account"  # the signed-in user's name, role and "Đăng xuất"


class PageIds:
    """``PageIds("rankings")("bars") == "rankings-bars"``: ids that cannot collide across pages."""

    def __init__(self, page: str) -> None:
        if not page or "-" in page:
            raise ValueError(f"page prefix must be a non-empty word without '-': {page!r}")
        self.page = page

    def __call__(self, local: str) -> str:
        return f"{self.page}-{local}"


def filter_id(name: str) -> dict[str, str]:
    """The id of the filter control for query parameter ``name`` (year, round, group, …)."""
    return {"type": FILTER_TYPE, "name": name}


def rendered_id(scope: str) -> dict[str, str]:
    """The id of a store holding the values filter controls were rendered with (see url_state)."""
    return {"type": RENDERED_TYPE, "scope": scope}
