"""Every chart of every page downloads through the Flask routes, by name in the path or
``?chart=``; a name the page lacks answers 404 in both languages.

SVG is the cheapest image Chromium renders, so each (page, chart) pair is checked as SVG and
one non-main chart as PNG.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from dashboard import queries, specs, view
from dashboard.components.downloads import LINK_TYPE, export_menu
from dashboard.export import images, routes
from dashboard.i18n import t
from etl.db import get_engine
from tests.services import chromium_paths


@pytest.fixture(scope="module", autouse=True)
def _chromium() -> None:
    chromium_paths()  # skips (fails under CCHC_REQUIRE_SERVICES) without Chromium
    images.warm_up()  # the renders below are timed by the export deadline, the start is not


# Filters the unit and criteria pages need before they have anything to draw.
NEEDS = {"unit": "&unit={unit}", "criteria": "&field=3"}


@pytest.fixture(scope="module")
def client(demo_db_url: str) -> Iterator[FlaskClient]:
    from flask import Flask

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_DATABASE_URL", demo_db_url)
        server = Flask("export-charts")
        routes.register(server)
        yield server.test_client()


@pytest.fixture(scope="module")
def unit_code(demo_db_url: str) -> str:
    engine = get_engine(demo_db_url)
    try:
        return str(queries.rankings(engine, 2023, 2, "huyen")["unit_code"].iloc[0])
    finally:
        engine.dispose()


def query(slug: str, unit: str) -> str:
    return "?year=2023&round=2&group=huyen" + NEEDS.get(slug, "").format(unit=unit)


def svg_text(data: bytes) -> str:
    text = data.decode("utf-8")
    assert text.lstrip().startswith(("<svg", "<?xml")), text[:80]
    return text


PAIRS = [(slug, name) for slug, named in specs.CHARTS.items() for name in named]


@pytest.mark.parametrize(("slug", "name"), PAIRS, ids=[f"{s}-{n}" for s, n in PAIRS])
def test_every_chart_of_every_page_downloads_as_svg(
    client: FlaskClient, unit_code: str, slug: str, name: str
) -> None:
    response = client.get(view.chart_path(slug, "svg", name) + query(slug, unit_code))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "image/svg+xml"
    stem = slug if name == next(iter(specs.CHARTS[slug])) else f"{slug}-{name}"
    assert response.headers["Content-Disposition"].startswith(f'attachment; filename="{stem}-2023')
    text = svg_text(response.data)
    title = specs.chart_spec(view.page_of(slug), name).title("vi")
    assert re.sub(r"\s+", " ", title) in text.replace("&amp;", "&")  # its own title, not the page's
    assert "cchc-dashboard" in text  # the caption's source line


def test_main_chart_is_the_default_and_query_parameter_names_a_chart(
    client: FlaskClient, unit_code: str
) -> None:
    plain = client.get("/export/chart/gaps.svg" + query("gaps", unit_code))
    main = client.get("/export/chart/gaps/scatter.svg" + query("gaps", unit_code))
    named = query("gaps", unit_code) + "&chart=fields"
    by_query = client.get("/export/chart/chenh-lech.svg" + named)
    assert plain.status_code == main.status_code == by_query.status_code == 200
    assert t("export.gaps", "vi") in svg_text(plain.data)
    assert "lĩnh vực" in svg_text(by_query.data).lower()
    assert t("export.gaps", "vi") not in svg_text(by_query.data)


def test_a_non_main_chart_downloads_as_png(client: FlaskClient, unit_code: str) -> None:
    response = client.get(view.chart_path("evidence", "png", "rounds") + query("evidence", ""))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert (
        'filename="evidence-rounds-2023-lan2-huyen.png"' in response.headers["Content-Disposition"]
    )


def test_unknown_chart_is_404_in_both_languages(client: FlaskClient) -> None:
    for url in ("/export/chart/gaps/pie.svg?year=2023", "/export/chart/gaps.svg?chart=pie"):
        response = client.get(url)
        assert response.status_code == 404
        text = response.get_data(as_text=True)
        assert "không có biểu đồ «pie»" in text and "has no chart “pie”" in text
        assert "scatter, fields, criteria, rounds" in text
    missing = client.get("/export/chart/no-such-page/fields.svg")
    assert missing.status_code == 404 and "Không có trang «no-such-page»" in missing.get_data(
        as_text=True
    )


def test_a_chart_exported_from_the_english_page_is_in_english(
    client: FlaskClient, unit_code: str
) -> None:
    response = client.get("/export/chart/gaps/fields.svg" + query("gaps", unit_code) + "&lang=en")
    assert response.status_code == 200, response.get_data(as_text=True)
    text = svg_text(response.data).replace("&amp;", "&")
    assert t("gaps.field_title", "en") in text and "2023, round 2" in text
    assert "Filters: Year 2023 · Round 2 · Group: " in text
    assert "Source: cchc-dashboard" in text
    assert "Bộ lọc" not in text and "Nguồn" not in text


def test_each_chart_menu_has_its_own_link_ids() -> None:
    def bases(menu) -> list[str]:
        return [link.id["base"] for link in menu.children if link.id["type"] == LINK_TYPE]

    main = bases(export_menu("gaps", "chart", search="?year=2023"))
    fields = bases(export_menu("gaps", "chart", chart="fields", search="?year=2023"))
    assert main == ["/export/chart/gaps.png", "/export/chart/gaps.svg", "/export/chart/gaps.pdf"]
    assert fields == [f"/export/chart/gaps/fields.{f}" for f in ("png", "svg", "pdf")]


def test_cli_exports_a_named_chart_and_refuses_an_unknown_one(
    demo_db_url: str, tmp_path: Path
) -> None:
    from dashboard.cli import main

    out = tmp_path / "vong.svg"
    args = ["export", "chart", "--page", "gaps", "--year", "2023", "--round", "2",
            "--group", "huyen", "--db", demo_db_url, "--out"]  # fmt: skip
    assert main([*args, str(out), "--chart", "rounds"]) == 0
    assert t("gaps.rounds_title", "vi") in svg_text(out.read_bytes())
    missing = tmp_path / "x.svg"
    assert main([*args, str(missing), "--chart", "pie"]) == 2
    assert not missing.exists()
