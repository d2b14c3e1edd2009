"""The view in the URL: what a shared link says is what the page shows."""

from __future__ import annotations

from dashboard.components.url_state import (
    changed_filters,
    href,
    merge_search,
    parse_search,
    query_string,
)
from dashboard.view import ViewState


def test_a_link_round_trips_to_the_same_view() -> None:
    view = ViewState(year=2023, round=2, group="huyen", unit="ST-H-KESACH", score="self",
                     lang="en")  # fmt: skip
    link = href("/don-vi", view)
    assert link == "/don-vi?year=2023&round=2&group=huyen&unit=ST-H-KESACH&score=self&lang=en"
    assert ViewState.from_query(parse_search(link.split("?", 1)[1])) == view


def test_defaults_stay_out_of_links() -> None:
    assert href("/xep-hang", ViewState(year=2023)) == "/xep-hang?year=2023"
    assert ViewState().params() == {}  # appraised score, Vietnamese: the defaults


def test_bad_query_values_are_ignored_not_fatal() -> None:
    view = ViewState.from_query({"year": "abc", "round": "", "score": "weird", "lang": "xx",
                                 "group": "  ", "unexpected": "1"})  # fmt: skip
    assert view == ViewState()


def test_changing_one_filter_keeps_the_others() -> None:
    search = "?year=2023&round=2&group=huyen&lang=en"
    assert merge_search(search, {"round": 1}) == "?year=2023&round=1&group=huyen&lang=en"
    assert merge_search(search, {"group": None}) == "?year=2023&round=2&lang=en"
    assert merge_search("", {"unit": "ST-SNV"}) == "?unit=ST-SNV"
    assert query_string({"x": "", "year": None}) == ""


def test_vietnamese_values_survive_the_url() -> None:
    link = href("/tieu-chi", ViewState(criterion="3.1"), unit="Sở Nội vụ")
    assert parse_search(link.split("?", 1)[1])["unit"] == "Sở Nội vụ"


def test_only_a_users_change_goes_into_the_url() -> None:
    rendered = {"year": "2023", "round": "2", "group": None, "score": "appraised"}
    # the controls appearing with the values they were rendered with: nothing to write
    appearing = [
        {"name": "year", "value": 2023},
        {"name": "round", "value": 2},
        {"name": "group", "value": None},
        {"name": "score", "value": "appraised"},
    ]
    assert changed_filters(appearing, rendered, "") == {}
    # the user picks round 1, or clears the group filter
    assert changed_filters([{"name": "round", "value": 1}], rendered, "") == {"round": "1"}
    cleared = [{"name": "group", "value": None}]
    assert changed_filters(cleared, {**rendered, "group": "huyen"}, "?group=huyen") == {
        "group": None
    }
    # a control no bar recorded is compared with the URL
    assert changed_filters([{"name": "level", "value": "leaf"}], rendered, "?level=leaf") == {}
    assert changed_filters([{"name": "level", "value": "field"}], rendered, "?level=leaf") == {
        "level": "field"
    }
