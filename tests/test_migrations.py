"""The migrations build exactly the schema ``etl/schema.py`` describes, on both backends, and
an old warehouse is brought to it without losing a row."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from etl.db import get_engine
from etl.migrate import head, state
from etl.schema import metadata
from tests.services import create_database


def _differences(engine: sa.Engine) -> list[object]:
    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), metadata))


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_a_new_warehouse_has_exactly_the_modelled_schema(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'warehouse.db'}"
        if backend == "sqlite"
        else create_database(request.getfixturevalue("pg_base_url"))
    )
    engine = get_engine(url)
    try:
        assert state(engine) == "current"
        assert _differences(engine) == []
        with engine.connect() as conn:
            version = conn.execute(sa.text("select version_num from alembic_version")).scalar()
        assert version == head()
    finally:
        engine.dispose()
