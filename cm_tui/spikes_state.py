"""The spike detector's state kept in the store, so that an import feeds only its new comments.

A refresh after an import used to rebuild three weeks of spike state from the comments; on a
database of a million comments that took minutes although the import brought a hundred. Now each
refresh ends by saving *checkpoints* in ``spike_checkpoints``: the detector as it stood after the
last stored comment (before time was advanced to "now"), a second one a few hours further back,
and a third on its way to becoming that (see :mod:`cm_tui.spikes_continue` for how they are used),
each with the time of its last comment and a key of the code, parameters and rule titles it was
built with.

Triggers count changes to what a checkpoint was built from: a comment it has seen updated (time,
place, author, text, findings) or deleted, or a post label of such a comment; a checkpoint is only
used while that count is what it was when its refresh began.

What is kept is bounded by the last hours, not by the history: ended spikes are in the
``spikes`` table already and are left out, and so are posts with nothing in their 60-minute
window (a post's scope starts again empty, as it would).

The database is shared and can be handed over, so a stored state is hostile data: it is plain
JSON rebuilt field by field (:mod:`cm_tui.spikes.state_codec`), never unpickled, and a state that
does not check out is no checkpoint (the refresh rebuilds).
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from cm_tui import spikes
from cm_tui.spikes import DEFAULT_PARAMS, SpikeDetector, SpikeParams
from cm_tui.spikes import state_codec

STATE_VERSION = 3  # bump when what is stored changes (1: a pickle, never read again; 2: counted own replies)

# Columns of comments and posts that Observations are made of (spikes_store._COLS).
_COMMENT_COLS = ("created_at", "platform", "post_id", "channel", "owner", "author_key", "text", "rule_ids",
                 "severity")
_WATCHED = "old.id <= (SELECT watch_id FROM spike_gen)"
_CHANGED = " OR ".join(f"old.{c} IS NOT new.{c}" for c in _COMMENT_COLS)
_POST_WATCHED = (
    "EXISTS (SELECT 1 FROM comments INDEXED BY comments_post WHERE platform = new.platform "
    "AND post_id = new.native_id AND id <= (SELECT watch_id FROM spike_gen))"
)
_BUMP = "BEGIN UPDATE spike_gen SET gen = gen + 1; END"
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS spike_checkpoints (id INTEGER PRIMARY KEY CHECK (id IN (1, 2, 3)), key TEXT NOT NULL, "
    "last_id INTEGER NOT NULL, last_created TEXT NOT NULL, since TEXT, gen INTEGER NOT NULL, state BLOB NOT NULL)",
    # gen counts changes to comments up to watch_id (the newest one a checkpoint was or is being
    # built from); a checkpoint is valid while gen is what it was when its refresh began
    "CREATE TABLE IF NOT EXISTS spike_gen (id INTEGER PRIMARY KEY CHECK (id = 1), gen INTEGER NOT NULL, "
    "watch_id INTEGER NOT NULL)",
    "INSERT OR IGNORE INTO spike_gen (id, gen, watch_id) VALUES (1, 0, -1)",
    f"CREATE TRIGGER IF NOT EXISTS spike_gen_comment_update AFTER UPDATE OF {', '.join(_COMMENT_COLS)} "
    f"ON comments WHEN {_WATCHED} AND ({_CHANGED}) {_BUMP}",
    # a reply becoming the city's own (its account configured later), or the reverse
    "CREATE TRIGGER IF NOT EXISTS spike_gen_comment_own AFTER UPDATE OF state ON comments "
    f"WHEN {_WATCHED} AND (old.state = 'own') IS NOT (new.state = 'own') {_BUMP}",
    f"CREATE TRIGGER IF NOT EXISTS spike_gen_comment_delete AFTER DELETE ON comments WHEN {_WATCHED} {_BUMP}",
    f"CREATE TRIGGER IF NOT EXISTS spike_gen_post_insert AFTER INSERT ON posts WHEN {_POST_WATCHED} {_BUMP}",
    "CREATE TRIGGER IF NOT EXISTS spike_gen_post_update AFTER UPDATE OF text, created_at ON posts "
    f"WHEN (old.text IS NOT new.text OR old.created_at IS NOT new.created_at) AND {_POST_WATCHED} {_BUMP}",
)


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the checkpoint tables and their triggers if they are missing."""
    for sql in SCHEMA:
        conn.execute(sql)


def begin(conn: sqlite3.Connection) -> int:
    """Start watching every stored comment for changes; returns the change count to compare with
    at :func:`current` (a refresh reads comments outside its write transaction)."""
    conn.execute("UPDATE spike_gen SET watch_id = (SELECT coalesce(max(id), -1) FROM comments)")
    return conn.execute("SELECT gen FROM spike_gen").fetchone()[0]


@functools.cache
def _code_hash() -> str:
    """The detector's source: a stored state is only read back by the code that wrote it."""
    h = hashlib.sha256()
    for path in sorted(Path(spikes.__file__).parent.glob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()


def state_key(params: SpikeParams, rule_titles: dict[str, str], extra: str = "") -> str:
    """What a checkpoint was built with; a checkpoint with another key is not used."""
    text = repr((STATE_VERSION, _code_hash(), params, sorted(rule_titles.items()), extra))
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class Checkpoint:
    """A detector after every comment up to ``last_id`` (ordered by time, then id)."""

    detector: SpikeDetector
    last_id: int
    last_created: str
    since: str | None  # the first time of the history the detector has seen (None: all)


LATEST, LAG, PENDING = 1, 2, 3
"""Rows of ``spike_checkpoints``: after the newest comment; a few hours back (late comments are
observed again from there); and the one that becomes the lagging one once it is old enough."""


def valid(conn: sqlite3.Connection, slot: int = LATEST) -> bool:
    """Whether there is a checkpoint and nothing it was built from has changed since."""
    row = conn.execute("SELECT s.gen = g.gen FROM spike_checkpoints s, spike_gen g WHERE s.id = ?",
                       (slot,)).fetchone()
    return bool(row and row[0])


def position(conn: sqlite3.Connection, slot: int) -> str | None:
    """The time of the last comment a valid checkpoint has seen."""
    row = conn.execute("SELECT s.last_created FROM spike_checkpoints s, spike_gen g WHERE s.id = ? "
                       "AND s.gen = g.gen", (slot,)).fetchone()
    return row[0] if row else None


def load(conn: sqlite3.Connection, key: str, slot: int = LATEST,
         params: SpikeParams = DEFAULT_PARAMS) -> Checkpoint | None:
    """The stored checkpoint, if it is valid, was built with ``key`` and ``params`` and its state
    checks out (anything else, a crafted state too, is no checkpoint: the caller rebuilds)."""
    row = conn.execute(
        "SELECT s.key, s.last_id, s.last_created, s.since, s.state FROM spike_checkpoints s, spike_gen g "
        "WHERE s.id = ? AND s.gen = g.gen", (slot,)).fetchone()
    if row is None or row[0] != key:
        return None
    last_id, last_created, since = row[1:4]
    if type(last_id) is not int or type(last_created) is not str or not (since is None or type(since) is str):
        return None
    try:
        det = state_codec.decode(row[4], params)
    except Exception:  # noqa: BLE001 - StateError by design; anything else is no checkpoint either
        return None
    return Checkpoint(det, last_id, last_created, since)


def dumps(det: SpikeDetector) -> bytes:
    """The detector without what the store keeps anyway (ended spikes, idle posts)."""
    p = det.params
    now = det.now_bucket if det.now_bucket is not None else 0
    scopes = {
        k: sc for k, sc in det.scopes.items()
        if k[0] != "post" or sc.spike is not None or sc.rate.alarm
        or (sc.rate.last_bucket is not None and sc.rate.last_bucket > now - p.long_buckets)
    }
    return state_codec.encode(det, scopes, [sp for sp in det._events if sp.end is None])


def current(conn: sqlite3.Connection, gen: int) -> bool:
    """Whether no comment a refresh read has changed since :func:`begin` returned ``gen``."""
    return conn.execute("SELECT gen FROM spike_gen").fetchone()[0] == gen


def put(conn: sqlite3.Connection, slot: int, key: str, blob: bytes, last_id: int, last_created: str,
        since: str | None, gen: int) -> None:
    """Store a checkpoint (inside the caller's write transaction, after :func:`current`)."""
    conn.execute(
        "INSERT OR REPLACE INTO spike_checkpoints (id, key, last_id, last_created, since, gen, state) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (slot, key, last_id, last_created, since, gen, blob),
    )
    if slot == LATEST:
        conn.execute("UPDATE spike_gen SET watch_id = ?", (last_id,))


def move(conn: sqlite3.Connection, src: int, dst: int) -> None:
    """Relabel a checkpoint (no copy of its state)."""
    conn.execute("DELETE FROM spike_checkpoints WHERE id = ?", (dst,))
    conn.execute("UPDATE spike_checkpoints SET id = ? WHERE id = ?", (dst, src))


def drop(conn: sqlite3.Connection, *slots: int) -> None:
    """Forget checkpoints (all without ``slots``: the next refresh rebuilds)."""
    if slots:
        conn.executemany("DELETE FROM spike_checkpoints WHERE id = ?", [(s,) for s in slots])
    else:
        conn.execute("DELETE FROM spike_checkpoints")
