"""The one read-only query layer over the warehouse.

Every aggregate is a SQL ``GROUP BY`` that returns integer sums ("milli-points" and leaf
counts, see :data:`etl.summary.MEASURES`) over ``score_fact``, or, per unit and per unit ×
field, over the summaries the ETL keeps in step with it (:mod:`etl.summary`);
:func:`dashboard.metrics.derive_scores` turns them into indices, gaps and shares, and this
package adds names, ranks and bands.  Only one unit's leaves (its scorecard) and the
explanations under a node come back as leaf rows.  Results are pandas DataFrames whose columns
each function's docstring lists; floats are ``NaN`` and counts/ranks ``<NA>`` where there is no
value (an unappraised round has no index — "chưa thẩm định" — never 0).  ``group_label``
columns hold the group's Vietnamese name (:func:`dashboard.i18n.group_label`).

Score columns shared by many results (from :func:`dashboard.metrics.derive_scores`):

* ``max_points``, ``points``, ``index``, ``index_exact``, ``completeness``, ``lost_points`` —
  the final (appraised) index: appraised + survey points over the whole applicable maximum;
* ``self_max_points``, ``self_points``, ``self_index``, ``self_completeness`` — self-scored
  criteria only; ``appraised_self_points``, ``appraised_self_index`` — appraised points on
  that same base; ``gap_points``, ``gap_index`` — self − appraised over leaves where both are
  scored (positive = over-claimed);
* ``evidence_required``, ``missing_evidence``, ``missing_evidence_share``,
  ``self_positive``, ``missing_explanation``, ``missing_explanation_share``, ``explained``,
  ``applicable_leaves``, ``scored_leaves``.

Every query is cached under the warehouse's data version and answers within the data scope of
the current request — a unit's account its unit, a province's its units — whatever page,
callback or download asks (:mod:`dashboard.queries.cache`).

Modules: ``sql`` (the aggregate and row reading), ``cache``, ``catalogue`` (years, rounds,
units, groups, framework, selection checks), ``frames`` (names, labels and order added to
results), ``scores`` (rankings, unit and field scores, gaps), ``evidence``, ``explorer``
(one criterion across units, explanations), ``unit`` (one unit's leaves, scorecard,
history), ``submissions`` (progress of a round), ``group_overview`` (one row per group),
``followup`` (what the appraisal flagged, points at stake, the next round's follow-up),
``reliability`` (how often self scores exceed the appraisal, year after year).
Callers use this package's names: ``from dashboard import queries; queries.rankings(...)``.
"""

from __future__ import annotations

from dashboard.queries.cache import (
    CacheBackend,
    LocalCache,
    Units,
    cached,
    configure_cache,
    current_units,
    data_version,
    has_schema,
    scoped,
    set_scope_provider,
)
from dashboard.queries.catalogue import (
    GROUP_ORDER,
    SelectionError,
    check_selection,
    criteria,
    fields,
    framework,
    groups,
    latest,
    node_name,
    rounds,
    rounds_of,
    unit_names,
    units,
    years,
)
from dashboard.queries.evidence import EvidenceLevel, evidence_matrix, unit_evidence
from dashboard.queries.explorer import criterion_explorer, explanations
from dashboard.queries.followup import (
    FollowUp,
    finding_counts,
    follow_up,
    leaf_findings,
    stake_ranking,
)
from dashboard.queries.group_overview import overview
from dashboard.queries.reliability import Reliability, reliability
from dashboard.queries.scores import (
    GroupIndices,
    Score,
    criterion_gaps,
    field_scores,
    gap_rounds,
    group_indices,
    rankings,
    unit_scores,
)
from dashboard.queries.sql import Filter
from dashboard.queries.submissions import Progress, progress
from dashboard.queries.unit import Scorecard, missing_items, scorecard, unit_history, unit_leaves

__all__ = [
    "GROUP_ORDER",
    "CacheBackend",
    "EvidenceLevel",
    "Filter",
    "FollowUp",
    "GroupIndices",
    "LocalCache",
    "Progress",
    "Reliability",
    "Score",
    "Scorecard",
    "SelectionError",
    "Units",
    "cached",
    "check_selection",
    "configure_cache",
    "criteria",
    "criterion_explorer",
    "criterion_gaps",
    "current_units",
    "data_version",
    "evidence_matrix",
    "explanations",
    "field_scores",
    "fields",
    "finding_counts",
    "follow_up",
    "framework",
    "gap_rounds",
    "group_indices",
    "groups",
    "has_schema",
    "latest",
    "leaf_findings",
    "missing_items",
    "node_name",
    "overview",
    "progress",
    "rankings",
    "reliability",
    "rounds",
    "rounds_of",
    "scoped",
    "scorecard",
    "set_scope_provider",
    "stake_ranking",
    "unit_evidence",
    "unit_history",
    "unit_leaves",
    "unit_names",
    "unit_scores",
    "units",
    "years",
]
