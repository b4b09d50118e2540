"""Runs the netiquette engine over stored comments and keeps the results current.

Comments are checked after each import and re-checked whenever the rule set's version changes
(a city edits its rules file). Results and the queue rank are stored on the comment row.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import netiquette
from cm_tui.store.db import Store
from cm_tui.store.rank import RANK_SQL as RANK_SQL  # re-exported: callers import it from here
from cm_tui.store.rank import queue_rank

BATCH = 5000
CHUNK = 500


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


_worker_rules: netiquette.RuleSet | None = None


def _init_worker(rule_files: list[Path]) -> None:
    global _worker_rules
    _worker_rules = load_rules(rule_files)


def _check_chunk(rows: list[tuple[int, str, str | None]]) -> list[tuple[int, tuple[object, ...]]]:
    assert _worker_rules is not None
    return [(cid, result_columns(_worker_rules, text, author)) for cid, text, author in rows]


def recheck(
    store: Store,
    rules: netiquette.RuleSet,
    *,
    progress: Callable[[int], None] | None = None,
    rule_files: Sequence[Path] | None = None,
) -> int:
    """Check every comment whose stored result is from another rule-set version. Returns the count.

    With ``rule_files`` given (the files ``rules`` was loaded from) and more than one batch to
    do, the checking runs in one process per core; the writes stay in this process."""
    done = last_id = 0
    version = rules.version
    pool: ProcessPoolExecutor | None = None
    try:
        while True:
            with store.lock:
                # Keyset by id: each batch starts where the last one ended instead of rescanning.
                rows = store.conn.execute(
                    "SELECT id, text, author_name, spike FROM comments "
                    "WHERE id > ? AND rules_version IS NOT ? ORDER BY id LIMIT ?",
                    (last_id, version, BATCH),
                ).fetchall()
            if not rows:
                return done
            last_id = rows[-1][0]
            if pool is None and rule_files is not None and len(rows) == BATCH and (os.cpu_count() or 1) > 1:
                pool = ProcessPoolExecutor(
                    max_workers=os.cpu_count(), mp_context=multiprocessing.get_context("spawn"),
                    initializer=_init_worker, initargs=(list(rule_files),),
                )
            spike_of = {cid: spike for cid, _t, _a, spike in rows}
            if pool is not None:
                chunks = [[(c, t, a) for c, t, a, _s in rows[i : i + CHUNK]] for i in range(0, len(rows), CHUNK)]
                results = [pair for part in pool.map(_check_chunk, chunks) for pair in part]
            else:
                results = [(cid, result_columns(rules, text, author)) for cid, text, author, _s in rows]
            updates = [
                (*cols, version, queue_rank(int(cols[1]), int(cols[2]), spike_of[cid] is not None), cid)  # type: ignore[arg-type]
                for cid, cols in results
            ]
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
    finally:
        if pool is not None:
            pool.shutdown()
