from sqlalchemy import text


def test_postgres_warehouse_is_real(pg_engine):
    with pg_engine.connect() as conn:
        version = conn.execute(text("select version()")).scalar_one()
        tables = conn.execute(
            text("select count(*) from information_schema.tables where table_name='score_fact'")
        ).scalar_one()
    assert "PostgreSQL" in version
    assert tables == 1
