"""Accounts, the audit log, and what each load batch changed (so that it can be undone).

``app_user``: who may sign in, with which role and scope; ``audit_log``: sign-ins, loads,
undos, exports; ``score_history``: each score row as it was before a batch wrote it;
``load_batch.loaded_by``: who loaded a batch from the upload page.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A warehouse adopted from before migrations (built by ``create_all`` of a newer model)
    # may already hold some of these: add only what is missing.
    present = sa.inspect(op.get_bind())
    if "loaded_by" not in {c["name"] for c in present.get_columns("load_batch")}:
        with op.batch_alter_table("load_batch") as batch:
            batch.add_column(sa.Column("loaded_by", sa.String(64), nullable=True))
    tables = set(present.get_table_names())
    if "score_history" not in tables:
        _score_history()
    if "app_user" not in tables:
        _app_user()
    if "audit_log" not in tables:
        _audit_log()


def _score_history() -> None:
    op.create_table(
        "score_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("load_batch.id"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("unit_code", sa.String(64), nullable=False),
        sa.Column("criterion_code", sa.String(32), nullable=False),
        sa.Column("before", sa.Text, nullable=True),
    )
    op.create_index("ix_score_history_batch_id", "score_history", ["batch_id"])


def _app_user() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("unit_code", sa.String(64), nullable=True),
        sa.Column("province", sa.String(128), nullable=True),
        sa.Column("disabled", sa.Boolean, nullable=False),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.DateTime, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("password_changed_at", sa.DateTime, nullable=False),
    )


def _audit_log() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("username", sa.String(64), nullable=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("target", sa.Text, nullable=True),
        sa.Column("detail", sa.Text, nullable=True),
        sa.Column("remote_addr", sa.String(64), nullable=True),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_at", "audit_log")
    op.drop_table("audit_log")
    op.drop_table("app_user")
    op.drop_index("ix_score_history_batch_id", "score_history")
    op.drop_table("score_history")
    with op.batch_alter_table("load_batch") as batch:
        batch.drop_column("loaded_by")
