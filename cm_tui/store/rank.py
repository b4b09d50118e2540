"""The queue's order: one number per comment, kept on the row so the queue pages by index.

A module of its own so the spike store and the app can use it without importing the rule engine."""

from __future__ import annotations


def queue_rank(severity: int, priority: int, in_spike: bool) -> int:
    """Severity first, then spike membership, then the engine's priority; age breaks ties in SQL."""
    return (severity + 1) * 1000 + (500 if in_spike else 0) + max(0, min(priority, 100)) * 4


# The same formula in SQL, for re-ranking after spike membership changes (a test keeps them equal).
RANK_SQL = (
    "(severity + 1) * 1000 + (CASE WHEN spike IS NULL THEN 0 ELSE 500 END) + max(0, min(priority, 100)) * 4"
)
