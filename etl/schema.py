"""The warehouse schema: every table, in one place (SQLAlchemy Core).

Points are stored as ``Numeric(10, 3)``: the PAR Index scores leaves to at most
two decimals, and a third keeps sums exact on every backend.  Metrics convert
them to integer thousandths ("milli-points") before dividing, so equal indices
compare equal (see ``dashboard.metrics``).

Only ``etl`` writes to these tables; ``dashboard.queries`` only reads them.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

POINTS = Numeric(10, 3, asdecimal=False)

unit = Table(
    "unit",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", String(255), nullable=False),
    Column("group_code", String(32), nullable=False, index=True),
    Column("province", String(128), nullable=False),
)

criterion = Table(
    "criterion",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("group_code", String(32), primary_key=True),
    Column("code", String(32), primary_key=True),
    Column("parent_code", String(32), nullable=True),
    Column("field_code", String(32), nullable=False),
    Column("level", Integer, nullable=False),  # 1 field, 2 criterion, 3+ sub-criterion
    Column("is_leaf", Boolean, nullable=False),
    Column("sort_key", Integer, nullable=False),  # order in the framework file
    Column("name", Text, nullable=False),
    Column("max_points", POINTS, nullable=False),
    Column("evidence_required", Boolean, nullable=False),
    Column("method", String(16), nullable=False),  # "self" or "survey"
)

assessment_round = Table(
    "assessment_round",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("opens_at", DateTime, nullable=True),
    Column("locks_at", DateTime, nullable=True),
)

load_batch = Table(
    "load_batch",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("file_name", String(512), nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("rows", Integer, nullable=False),
    # loaded | replaced (a newer export of the same unit/round superseded it) | rejected
    Column("status", String(16), nullable=False),
    Column("loaded_at", DateTime, nullable=False),
    Column("year", Integer, nullable=True),
    Column("round", Integer, nullable=True),
    Column("unit_code", String(64), nullable=True),
    Column("message", Text, nullable=True),
    Column("loaded_by", String(64), nullable=True),  # the signed-in user; NULL: `cchc load`
)

rejected_row = Table(
    "rejected_row",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("batch_id", Integer, ForeignKey("load_batch.id"), nullable=False, index=True),
    Column("sheet", String(255), nullable=True),
    Column("row", Integer, nullable=True),
    Column("column", String(255), nullable=True),
    Column("value", Text, nullable=True),
    Column("reason", Text, nullable=False),
)

# The warehouse table: one row per (year, round, unit, leaf criterion).
score_fact = Table(
    "score_fact",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("year", Integer, nullable=False),
    Column("round", Integer, nullable=False),
    Column("unit_code", String(64), ForeignKey("unit.code"), nullable=False),
    Column("criterion_code", String(32), nullable=False),
    Column("group_code", String(32), nullable=False),  # denormalised from unit
    Column("field_code", String(32), nullable=False),  # denormalised from criterion
    Column("method", String(16), nullable=False),  # denormalised from criterion
    Column("evidence_required", Boolean, nullable=False),  # denormalised from criterion
    Column("max_points", POINTS, nullable=False),
    Column("applicable", Boolean, nullable=False),  # False: "Không áp dụng" / KAD / "-"
    Column("self_score", POINTS, nullable=True),  # NULL: not (self-)scored yet
    Column("appraised_score", POINTS, nullable=True),  # NULL: not appraised yet
    Column("evidence_count", Integer, nullable=True),
    Column("explanation", Text, nullable=True),
    Column("appraisal_note", Text, nullable=True),
    Column("batch_id", Integer, ForeignKey("load_batch.id"), nullable=False),
    UniqueConstraint("year", "round", "unit_code", "criterion_code", name="uq_score_fact_key"),
    Index("ix_score_fact_group", "year", "round", "group_code"),
    Index("ix_score_fact_unit", "unit_code", "year", "round"),
    Index("ix_score_fact_batch", "batch_id"),
)

submission = Table(
    "submission",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("round", Integer, primary_key=True),
    Column("unit_code", String(64), ForeignKey("unit.code"), primary_key=True),
    Column("sent_at", DateTime, nullable=True),  # NULL: not sent yet
    Column("report_attached", Boolean, nullable=False),
    Column("approved", Boolean, nullable=False),
    Column("batch_id", Integer, ForeignKey("load_batch.id"), nullable=False),
)

DATA_TABLES = (unit, criterion, assessment_round, score_fact, submission)

# What a load batch changed, so that it can be undone: the score row as it was before the
# batch wrote it (``before`` as JSON of the row's columns; NULL: the batch inserted the row).
score_history = Table(
    "score_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("batch_id", Integer, ForeignKey("load_batch.id"), nullable=False, index=True),
    Column("year", Integer, nullable=False),
    Column("round", Integer, nullable=False),
    Column("unit_code", String(64), nullable=False),
    Column("criterion_code", String(32), nullable=False),
    Column("before", Text, nullable=True),
)


# --- people: accounts and what they did ------------------------------------------------------

ROLES = ("lanh_dao", "chuyen_vien", "don_vi")

app_user = Table(
    "app_user",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(16), nullable=False),  # one of ROLES
    Column("unit_code", String(64), nullable=True),  # don_vi: the unit it speaks for
    Column("province", String(128), nullable=True),  # NULL: every province
    Column("disabled", Boolean, nullable=False, default=False),
    Column("failed_logins", Integer, nullable=False, default=0),  # since the last success
    Column("locked_until", DateTime, nullable=True),
    Column("created_at", DateTime, nullable=False),
    Column("password_changed_at", DateTime, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False, index=True),
    Column("username", String(64), nullable=True),  # NULL: nobody signed in
    Column("action", String(32), nullable=False),  # login, login_failed, logout, load, undo …
    Column("outcome", String(16), nullable=False),  # ok | refused | failed
    Column("target", Text, nullable=True),  # what it was about: a file, a batch, a download
    Column("detail", Text, nullable=True),  # JSON
    Column("remote_addr", String(64), nullable=True),
)


# --- summaries: derived from score_fact, kept in step by the ETL (etl/summary.py) ----------

SUMMARY_MEASURES = (
    "max_all_milli",
    "max_self_milli",
    "appraised_all_milli",
    "appraised_self_milli",
    "self_milli",
    "gap_milli",
    "n_leaves",
    "n_self_leaves",
    "n_self_scored",
    "n_appraised",
    "n_appraised_self",
    "n_both",
    "n_evidence_required",
    "n_missing_evidence",
    "n_self_positive",
    "n_missing_explanation",
    "n_explained",
)
"""The integer sums a summary row holds (``etl.summary.MEASURES`` defines each over leaves)."""


def _summary_table(name: str, *extra_keys: Column[str]) -> Table:
    """One row per (year, round, unit[, extra keys]): the sums of its ``score_fact`` rows.

    ``max_batch_id`` is the newest load batch among those rows: the summary is in step with
    ``score_fact`` when its largest ``max_batch_id`` is the newest loaded score batch.
    """
    return Table(
        name,
        metadata,
        Column("year", Integer, primary_key=True),
        Column("round", Integer, primary_key=True),
        Column("unit_code", String(64), primary_key=True),
        *extra_keys,
        Column("group_code", String(32), nullable=False),
        Column("max_batch_id", Integer, nullable=False),
        *(Column(measure, BigInteger, nullable=False) for measure in SUMMARY_MEASURES),
        Index(f"ix_{name}_group", "year", "round", "group_code"),
        Index(f"ix_{name}_batch", "max_batch_id"),
    )


unit_summary = _summary_table("unit_summary")
unit_field_summary = _summary_table(
    "unit_field_summary", Column("field_code", String(32), primary_key=True)
)
SUMMARY_TABLES = (unit_summary, unit_field_summary)
