"""One view for pages, downloads and the CLI: resolved once, with one set of defaults."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from dashboard import queries, specs
from dashboard.view import PAGES, UnknownPageError, View, ViewState, page_of, resolve


@pytest.fixture(scope="module")
def engine(demo_engine: Engine) -> Engine:
    return demo_engine


def test_an_empty_url_shows_the_latest_year_and_its_latest_round(engine: Engine) -> None:
    view = resolve(engine, ViewState(), PAGES["rankings"])
    assert view is not None
    latest = queries.years(engine)[-1]
    assert (view.year, view.round) == (latest, queries.rounds_of(engine, latest)[-1])
    assert view.group is None  # the rankings page shows every group


@pytest.mark.parametrize("slug", [s for s, page in PAGES.items() if page.one_group])
def test_pages_comparing_units_default_to_the_years_first_group(engine: Engine, slug: str) -> None:
    view = resolve(engine, ViewState(year=2023), PAGES[slug])
    assert view is not None
    assert view.group == str(queries.groups(engine, 2023)["group"].iloc[0])


def test_unknown_choices_and_filters_the_page_does_not_use_are_dropped(engine: Engine) -> None:
    asked = ViewState(year=1900, round=7, group="khong-co", unit="ST-SNV", field="1",
                      score="self", lang="en")  # fmt: skip
    overview = resolve(engine, asked, PAGES["overview"])
    assert overview is not None
    assert (overview.group, overview.unit, overview.field, overview.score) == (
        None, None, None, "appraised"
    )  # fmt: skip
    assert overview.lang == "en" and overview.year == queries.years(engine)[-1]
    unit = resolve(engine, asked, PAGES["unit"])
    assert unit is not None and unit.unit == "ST-SNV" and unit.field == "1"


def test_a_stored_view_is_restored_as_it_was_not_resolved_again(engine: Engine) -> None:
    view = resolve(engine, ViewState(year=2022, round=1, group="huyen"), PAGES["gaps"])
    assert view is not None
    assert View.restore(view.params()) == view
    with pytest.raises(ValueError, match="not a resolved view"):
        View.restore({"group": "huyen"})


def test_pages_are_found_by_slug_or_path_and_unknown_names_say_which_exist() -> None:
    assert page_of("xep-hang") is page_of("/rankings/") is PAGES["rankings"]
    with pytest.raises(UnknownPageError) as unknown:
        page_of("bang-xep")
    assert "Không có trang «bang-xep»" in str(unknown.value)
    assert "There is no page “bang-xep”" in str(unknown.value) and "rankings" in str(unknown.value)
    with pytest.raises(UnknownPageError) as chart:
        specs.chart_spec(PAGES["gaps"], "pie")
    assert "scatter, fields, criteria, rounds" in str(chart.value)


def test_every_page_has_a_registered_main_chart_with_a_title_in_both_languages() -> None:
    for page in PAGES.values():
        if page.slug in ("audit", "upload"):  # lists (events, loads), no chart
            with pytest.raises(UnknownPageError):
                specs.chart_spec(page)
            continue
        main = specs.chart_spec(page)
        assert main.name == specs.chart_names(page)[0]
        assert main.title("vi") != main.title("en")
