"""Every leaf of a unit's round has a row: the applicable maximum is the framework's.

Files loaded before this rule could leave some leaves of a unit's round without a row, and
the unit's maximum then counted only the leaves present (a one-row file gave 0,5 / 0,5 =
100 %).  Add an unscored row (applicable, no scores) for each missing leaf, stamped with
the newest batch of that unit's round, and recompute the unit summaries.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FILL = """
INSERT INTO score_fact (year, round, unit_code, criterion_code, group_code, field_code,
    method, evidence_required, max_points, applicable, batch_id)
SELECT k.year, k.round, k.unit_code, c.code, k.group_code, c.field_code,
    c.method, c.evidence_required, c.max_points, :applicable, k.batch_id
FROM (
    SELECT year, round, unit_code, MIN(group_code) AS group_code, MAX(batch_id) AS batch_id
    FROM score_fact GROUP BY year, round, unit_code
) AS k
JOIN criterion AS c ON c.year = k.year AND c.group_code = k.group_code AND c.is_leaf = :leaf
WHERE NOT EXISTS (
    SELECT 1 FROM score_fact AS s
    WHERE s.year = k.year AND s.round = k.round AND s.unit_code = k.unit_code
      AND s.criterion_code = c.code
)
"""


def upgrade() -> None:
    from etl.summary import rebuild_summary_in

    conn = op.get_bind()
    filled = conn.execute(sa.text(FILL), {"applicable": True, "leaf": True}).rowcount
    if filled:
        rebuild_summary_in(conn)


def downgrade() -> None:
    """The rows added are indistinguishable from leaves a file left blank: kept."""
