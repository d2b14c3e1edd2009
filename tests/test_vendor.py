"""Bootstrap's CSS comes from an installed Python package, so the pages are styled however the
app is started (issue 11, item 5): nothing is fetched at install time but ``pip install``."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine

from dashboard import vendor
from tests import signin

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def client(sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> FlaskClient:
    from dashboard.app import server

    monkeypatch.setenv("CCHC_DATABASE_URL", str(sqlite_engine.url))
    return server.test_client()


def test_the_css_is_bootstrap_5_from_the_installed_package() -> None:
    css = vendor.bootstrap_css()
    assert b"Bootstrap  v5.3" in css[:200] and len(css) > 100_000
    assert not (REPO / "assets" / "vendor").exists()  # nothing copied into the tree at set-up


def test_every_page_links_it_and_it_is_served_to_anyone_with_caching(client: FlaskClient) -> None:
    anonymous = client.get(vendor.BOOTSTRAP_CSS)
    assert anonymous.status_code == 200 and anonymous.mimetype == "text/css"
    assert anonymous.get_data() == vendor.bootstrap_css()
    assert "max-age" in anonymous.headers["Cache-Control"]
    again = client.get(vendor.BOOTSTRAP_CSS, headers={"If-None-Match": anonymous.headers["ETag"]})
    assert again.status_code == 304
    login = client.get("/login").get_data(as_text=True)
    assert f'href="{vendor.BOOTSTRAP_CSS}"' in login
    signin.signed_in(client)
    for path in ("/", "/xep-hang", "/don-vi"):
        page = client.get(path).get_data(as_text=True)
        assert f'href="{vendor.BOOTSTRAP_CSS}"' in page, path
        assert page.index(vendor.BOOTSTRAP_CSS) < page.index("/assets/app.css"), path


def test_answers_are_compressed_for_a_browser_that_accepts_gzip(client: FlaskClient) -> None:
    signin.signed_in(client)
    for path in ("/", "/_dash-layout", "/_dash-dependencies", vendor.BOOTSTRAP_CSS):
        plain = client.get(path)
        packed = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert packed.headers.get("Content-Encoding") == "gzip", path
        unpacked = gzip.decompress(packed.get_data())  # the page's script nonce differs
        assert len(unpacked) == len(plain.get_data()) and unpacked[:40] == plain.get_data()[:40]
        assert len(packed.get_data()) < len(plain.get_data()) / 2, path


def test_the_page_says_its_language(client: FlaskClient) -> None:
    signin.signed_in(client)
    assert '<html lang="vi">' in client.get("/xep-hang").get_data(as_text=True)
    assert '<html lang="en">' in client.get("/xep-hang?lang=en").get_data(as_text=True)
