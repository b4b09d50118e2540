"""Runs the netiquette engine over stored comments and keeps the results current.

Comments are checked after each import and re-checked whenever the rule set's version changes
(a city edits its rules file). Results and the queue rank are stored on the comment row.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import netiquette
from cm_tui.store.db import Store

BATCH = 5000


def queue_rank(severity: int, priority: int, in_spike: bool) -> int:
    """Severity first, then spike membership, then the engine's priority; age breaks ties in SQL."""
    return (severity + 1) * 1000 + (500 if in_spike else 0) + max(0, min(priority, 100)) * 4


# The same formula in SQL, for re-ranking after spike membership changes (a test keeps them equal).
RANK_SQL = (
    "(severity + 1) * 1000 + (CASE WHEN spike IS NULL THEN 0 ELSE 500 END) + max(0, min(priority, 100)) * 4"
)


def load_rules(rule_files: Sequence[Path] = ()) -> netiquette.RuleSet:
    return netiquette.load_ruleset(list(rule_files))


def result_columns(rules: netiquette.RuleSet, text: str, author: str | None) -> tuple[object, ...]:
    res = rules.check(text, author=author)
    data = res.to_dict()
    severity = max((netiquette.severity_rank(f.severity) for f in res.findings), default=-1)
    rule_ids = " ".join(dict.fromkeys(f.rule_id for f in res.findings))
    return (
        1 if res.flagged else 0,
        severity,
        int(res.priority),
        rule_ids,
        json.dumps(data.get("findings", []), ensure_ascii=False),
        json.dumps([list(t) for t in res.templates], ensure_ascii=False),
    )


def recheck(
    store: Store,
    rules: netiquette.RuleSet,
    *,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Check every comment whose stored result is from another rule-set version. Returns the count."""
    done = 0
    version = rules.version
    while True:
        with store.lock:
            rows = store.conn.execute(
                "SELECT id, text, author_name, spike FROM comments "
                "WHERE rules_version IS NULL OR rules_version != ? LIMIT ?",
                (version, BATCH),
            ).fetchall()
        if not rows:
            return done
        updates = []
        for cid, text, author, spike in rows:
            cols = result_columns(rules, text, author)
            updates.append((*cols, version, queue_rank(int(cols[1]), int(cols[2]), spike is not None), cid))  # type: ignore[arg-type]
        with store.lock:
            conn = store.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(
                    "UPDATE comments SET flagged=?, severity=?, priority=?, rule_ids=?, findings=?, templates=?, "
                    "rules_version=?, rank=? WHERE id=?",
                    updates,
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        done += len(rows)
        if progress is not None:
            progress(done)
