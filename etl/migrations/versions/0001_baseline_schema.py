"""Baseline: the warehouse schema as it first shipped (made by ``create_all`` before
migrations existed; such warehouses are stamped at this revision).

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

POINTS = sa.Numeric(precision=10, scale=3, asdecimal=False)
MEASURES = (
    "max_all_milli", "max_self_milli", "appraised_all_milli", "appraised_self_milli",
    "self_milli", "gap_milli", "n_leaves", "n_self_leaves", "n_self_scored", "n_appraised",
    "n_appraised_self", "n_both", "n_evidence_required", "n_missing_evidence",
    "n_self_positive", "n_missing_explanation", "n_explained",
)  # fmt: skip


def _key(*names: str, text: int = 64) -> list[sa.Column[object]]:
    """Non-null key columns: years and rounds as integers, codes as text."""
    kinds = {"year": sa.Integer(), "round": sa.Integer()}
    return [sa.Column(n, kinds.get(n, sa.String(text)), nullable=False) for n in names]


def _summary(name: str, *extra: sa.Column[object]) -> None:
    keys = ["year", "round", "unit_code", *(c.name for c in extra)]
    op.create_table(
        name,
        *_key("year", "round", "unit_code"),
        *extra,
        sa.Column("group_code", sa.String(32), nullable=False),
        sa.Column("max_batch_id", sa.Integer(), nullable=False),
        *(sa.Column(m, sa.BigInteger(), nullable=False) for m in MEASURES),
        sa.PrimaryKeyConstraint(*keys),
    )
    op.create_index(f"ix_{name}_batch", name, ["max_batch_id"])
    op.create_index(f"ix_{name}_group", name, ["year", "round", "group_code"])


def upgrade() -> None:
    op.create_table(
        "assessment_round",
        *_key("year", "round"),
        sa.Column("opens_at", sa.DateTime(), nullable=True),
        sa.Column("locks_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("year", "round"),
    )
    op.create_table(
        "criterion",
        *_key("year", "group_code", "code", text=32),
        sa.Column("parent_code", sa.String(32), nullable=True),
        sa.Column("field_code", sa.String(32), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("is_leaf", sa.Boolean(), nullable=False),
        sa.Column("sort_key", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("max_points", POINTS, nullable=False),
        sa.Column("evidence_required", sa.Boolean(), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("year", "group_code", "code"),
    )
    op.create_table(
        "load_batch",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("file_name", sa.String(512), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("round", sa.Integer(), nullable=True),
        sa.Column("unit_code", sa.String(64), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_load_batch_sha256", "load_batch", ["sha256"])
    op.create_table(
        "unit",
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("group_code", sa.String(32), nullable=False),
        sa.Column("province", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_index("ix_unit_group_code", "unit", ["group_code"])
    _summary("unit_field_summary", sa.Column("field_code", sa.String(32), nullable=False))
    _summary("unit_summary")
    op.create_table(
        "rejected_row",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("load_batch.id"), nullable=False),
        sa.Column("sheet", sa.String(255), nullable=True),
        sa.Column("row", sa.Integer(), nullable=True),
        sa.Column("column", sa.String(255), nullable=True),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_rejected_row_batch_id", "rejected_row", ["batch_id"])
    op.create_table(
        "score_fact",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        *_key("year", "round"),
        sa.Column("unit_code", sa.String(64), sa.ForeignKey("unit.code"), nullable=False),
        sa.Column("criterion_code", sa.String(32), nullable=False),
        sa.Column("group_code", sa.String(32), nullable=False),
        sa.Column("field_code", sa.String(32), nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("evidence_required", sa.Boolean(), nullable=False),
        sa.Column("max_points", POINTS, nullable=False),
        sa.Column("applicable", sa.Boolean(), nullable=False),
        sa.Column("self_score", POINTS, nullable=True),
        sa.Column("appraised_score", POINTS, nullable=True),
        sa.Column("evidence_count", sa.Integer(), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.Column("appraisal_note", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("load_batch.id"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "year", "round", "unit_code", "criterion_code", name="uq_score_fact_key"
        ),
    )
    op.create_index("ix_score_fact_batch", "score_fact", ["batch_id"])
    op.create_index("ix_score_fact_group", "score_fact", ["year", "round", "group_code"])
    op.create_index("ix_score_fact_unit", "score_fact", ["unit_code", "year", "round"])
    op.create_table(
        "submission",
        *_key("year", "round"),
        sa.Column("unit_code", sa.String(64), sa.ForeignKey("unit.code"), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("report_attached", sa.Boolean(), nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("batch_id", sa.Integer(), sa.ForeignKey("load_batch.id"), nullable=False),
        sa.PrimaryKeyConstraint("year", "round", "unit_code"),
    )


def downgrade() -> None:
    for table in (
        "submission", "score_fact", "rejected_row", "unit_summary", "unit_field_summary",
        "unit", "load_batch", "criterion", "assessment_round",
    ):  # fmt: skip
        op.drop_table(table)
