"""Opening the database: WAL, busy timeout, migrations. Several app instances share one file."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils


class _Migrations:
    """Our migrations, in order. sqlite-utils' ``Migrations`` is built from them only when a
    database needs one: importing sqlite-utils is a tenth of a second of the app's start, and a
    database that is up to date (the usual case) is checked with one query."""

    table = "_sqlite_migrations"  # sqlite-utils' bookkeeping table (migration_set, name, applied_at)

    def __init__(self, name: str) -> None:
        self.name = name
        self.entries: list[tuple[str, Callable[[Any], None], bool]] = []

    def __call__(self, *, name: str | None = None, transactional: bool = True) -> Callable[[Any], Any]:
        def inner(fn: Callable[[Any], None]) -> Callable[[Any], None]:
            self.entries.append((name or fn.__name__, fn, transactional))
            return fn

        return inner

    def all_applied(self, conn: sqlite3.Connection) -> bool:
        try:
            done = {r[0] for r in conn.execute(f"SELECT name FROM {self.table} WHERE migration_set = ?", (self.name,))}
        except sqlite3.OperationalError:  # no bookkeeping table yet: a new database
            return False
        return all(name in done for name, _fn, _tr in self.entries)

    def sqlite_utils(self) -> Any:
        from sqlite_utils import Migrations

        real = Migrations(self.name)
        for name, fn, transactional in self.entries:
            real(name=name, transactional=transactional)(fn)
        return real

    def pending(self, db: sqlite_utils.Database) -> list[Any]:
        return self.sqlite_utils().pending(db)  # type: ignore[no-any-return]

    def apply(self, db: sqlite_utils.Database) -> None:
        self.sqlite_utils().apply(db)


migrations = _Migrations("cm_tui")

SCHEMA_VERSION = 4


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            format TEXT,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            new INTEGER DEFAULT 0,
            updated INTEGER DEFAULT 0,
            unchanged INTEGER DEFAULT 0,
            posts INTEGER DEFAULT 0
        );
        CREATE TABLE posts (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            native_id TEXT NOT NULL,
            channel TEXT,
            owner TEXT,
            text TEXT,
            url TEXT,
            created_at TEXT,
            raw TEXT,
            import_id INTEGER REFERENCES imports(id),
            UNIQUE (platform, native_id)
        );
        CREATE TABLE authors (
            platform TEXT NOT NULL,
            key TEXT NOT NULL,
            name TEXT,
            native_id TEXT,
            first_seen_at TEXT,
            comments INTEGER DEFAULT 0,
            PRIMARY KEY (platform, key)
        );
        CREATE TABLE comments (
            id INTEGER PRIMARY KEY,
            platform TEXT NOT NULL,
            native_id TEXT NOT NULL,
            post_id TEXT,
            parent_id TEXT,
            channel TEXT,
            owner TEXT,
            author_key TEXT,
            author_name TEXT,
            author_id TEXT,
            text TEXT NOT NULL,
            text_html TEXT,
            created_at TEXT,
            like_count INTEGER,
            reply_count INTEGER,
            permalink TEXT,
            raw TEXT,
            content_hash TEXT NOT NULL,
            import_id INTEGER REFERENCES imports(id),
            first_seen_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            -- netiquette result, recomputed when the rule set's version changes
            rules_version TEXT,
            flagged INTEGER DEFAULT 0,
            severity INTEGER DEFAULT -1,
            priority INTEGER DEFAULT 0,
            rule_ids TEXT DEFAULT '',
            findings TEXT,
            templates TEXT,
            -- derived from the log (see store/log.py); kept here so the queue pages by index
            state TEXT NOT NULL DEFAULT 'open',
            state_at TEXT,
            state_by TEXT,
            snooze_until TEXT,
            spike TEXT,
            rank INTEGER NOT NULL DEFAULT 0,
            UNIQUE (platform, native_id)
        );
        CREATE INDEX comments_queue ON comments (state, rank DESC, created_at, id);
        CREATE INDEX comments_author ON comments (platform, author_key);
        CREATE INDEX comments_post ON comments (platform, post_id);
        CREATE INDEX comments_channel ON comments (channel);
        CREATE INDEX comments_created ON comments (created_at);
        CREATE TABLE comment_versions (
            comment_id INTEGER NOT NULL REFERENCES comments(id),
            text TEXT NOT NULL,
            like_count INTEGER,
            seen_until TEXT NOT NULL,
            import_id INTEGER
        );
        CREATE INDEX comment_versions_comment ON comment_versions (comment_id);
        CREATE TABLE log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            action TEXT NOT NULL,
            comment_id INTEGER REFERENCES comments(id),
            rules TEXT NOT NULL DEFAULT '[]',
            reason TEXT,
            template_id TEXT,
            reply_text TEXT,
            note TEXT,
            data TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX log_comment ON log (comment_id, id);
        CREATE INDEX log_at ON log (at);
        CREATE INDEX log_user ON log (user, id);
        CREATE INDEX log_action ON log (action, id);
        CREATE TRIGGER log_no_update BEFORE UPDATE ON log
            BEGIN SELECT RAISE(ABORT, 'log is append-only'); END;
        CREATE TRIGGER log_no_delete BEFORE DELETE ON log
            BEGIN SELECT RAISE(ABORT, 'log is append-only'); END;
        CREATE TABLE claims (
            comment_id INTEGER PRIMARY KEY REFERENCES comments(id),
            user TEXT NOT NULL,
            claimed_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE TABLE spikes (
            id TEXT PRIMARY KEY,
            scope_kind TEXT NOT NULL,
            scope_key TEXT NOT NULL,
            scope_label TEXT,
            start TEXT NOT NULL,
            peak TEXT,
            end TEXT,
            level INTEGER NOT NULL,
            peak_level INTEGER NOT NULL,
            levels TEXT NOT NULL DEFAULT '[]',
            explanation TEXT,
            series TEXT NOT NULL DEFAULT '[]',
            comment_ids TEXT NOT NULL DEFAULT '[]',
            updated_at TEXT NOT NULL
        );
        """
    )
    db["comments"].enable_fts(
        ["text", "author_name"], fts_version="FTS5", create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )


@migrations()
def m002_fts_maintained_by_import(db: sqlite_utils.Database) -> None:
    """Per-row FTS triggers made every state, rank or re-check update re-index the text (a million
    FTS deletes and inserts per re-check). Now the index follows only text changes: import adds
    new rows in bulk per batch, and the update trigger fires only when text or author change."""
    db.executescript(
        """
        DROP TRIGGER IF EXISTS comments_ai;
        DROP TRIGGER IF EXISTS comments_au;
        CREATE TRIGGER comments_au AFTER UPDATE OF text, author_name ON comments BEGIN
          INSERT INTO comments_fts (comments_fts, rowid, text, author_name)
            VALUES ('delete', old.rowid, old.text, old.author_name);
          INSERT INTO comments_fts (rowid, text, author_name) VALUES (new.rowid, new.text, new.author_name);
        END;
        DROP INDEX IF EXISTS comments_channel;
        """
    )


@migrations()
def m003_covering_index_for_counts(db: sqlite_utils.Database) -> None:
    """The header counts open and flagged comments on every refresh; without these columns in
    an index each count read every row of the table (2.5 s for a million comments)."""
    db.execute("CREATE INDEX IF NOT EXISTS comments_counts ON comments (state, snooze_until, flagged)")


@migrations()
def m004_own_replies(db: sqlite_utils.Database) -> None:
    """Replies of the city's own accounts are marked at import (``own``); their state is 'own'
    until someone decides on them, and undoing that decision returns them to 'own', not 'open'."""
    db.execute("ALTER TABLE comments ADD COLUMN own INTEGER NOT NULL DEFAULT 0")
    # stored before: an Amtfluencer answering on her own profile (accounts need channels.toml,
    # which the next import of the files applies)
    db.execute("UPDATE comments SET own = 1, state = CASE WHEN state = 'open' THEN 'own' ELSE state END "
               "WHERE owner IS NOT NULL AND author_name = owner")
    # the detail pane shows the team's answers to a comment: few rows, so a small partial index
    db.execute("CREATE INDEX comments_own_replies ON comments (platform, parent_id, created_at) WHERE own = 1")


# The spike detector's counts per post and 5-minute bucket (see cm_tui.spikes.recompute), kept by
# triggers: ``spike_posts`` numbers the posts (with the channel and owner of their first comment),
# ``spike_cells`` holds integers only, so a rebuild reads a million comments' cells quickly. The
# flags follow the detector's shipped thresholds (hostile: severity ≥ 2 or a threat, severe: ≥ 3,
# threats: R01/R02); the city's own replies are no public reaction and never count.
_BUCKET = "(CAST(strftime('%s', {r}.created_at) AS INTEGER) / 300)"
_THREAT = "(instr(' ' || {r}.rule_ids || ' ', ' R01 ') OR instr(' ' || {r}.rule_ids || ' ', ' R02 '))"
_COUNTS = "({r}.state != 'own' AND strftime('%s', {r}.created_at) IS NOT NULL)"


def _cell_upsert(r: str, k: int) -> str:
    t = _THREAT.format(r=r)
    post = f"coalesce({r}.post_id, '?')"
    return (
        f"INSERT OR IGNORE INTO spike_posts (platform, post, channel, owner) SELECT {r}.platform, {post}, "
        f"coalesce({r}.channel, {r}.platform), {r}.owner WHERE {_COUNTS.format(r=r)}; "
        "INSERT INTO spike_cells (bucket, pid, n, h, s, t, new) "
        f"SELECT {_BUCKET.format(r=r)}, (SELECT id FROM spike_posts WHERE platform = {r}.platform AND post = {post}), "
        f"{k}, {k} * coalesce({r}.rule_ids != '' AND ({r}.severity >= 2 OR {t}), 0), "
        f"{k} * coalesce({r}.rule_ids != '' AND {r}.severity >= 3, 0), {k} * coalesce({r}.rule_ids != '' AND {t}, 0), "
        f"{k} * coalesce({r}.spike_new, 0) WHERE {_COUNTS.format(r=r)} "
        "ON CONFLICT (bucket, pid) DO UPDATE SET n = n + excluded.n, h = h + excluded.h, "
        "s = s + excluded.s, t = t + excluded.t, new = new + excluded.new;"
    )


SPIKE_CELL_TRIGGERS = (
    f"CREATE TRIGGER spike_cells_insert AFTER INSERT ON comments BEGIN {_cell_upsert('new', 1)} END",
    f"CREATE TRIGGER spike_cells_delete AFTER DELETE ON comments BEGIN {_cell_upsert('old', -1)} END",
    # (a triage decision changes state on every key press, a refresh sets spike_new on every comment:
    # only a change of what a cell counts may cost the two upserts)
    "CREATE TRIGGER spike_cells_update AFTER UPDATE OF created_at, platform, post_id, channel, rule_ids, "
    "severity, state, spike_new ON comments WHEN old.created_at IS NOT new.created_at "
    "OR old.platform IS NOT new.platform OR old.post_id IS NOT new.post_id OR old.channel IS NOT new.channel "
    "OR old.rule_ids IS NOT new.rule_ids OR old.severity IS NOT new.severity "
    "OR (old.state = 'own') IS NOT (new.state = 'own') OR coalesce(old.spike_new, 0) != coalesce(new.spike_new, 0) "
    f"BEGIN {_cell_upsert('old', -1)} {_cell_upsert('new', 1)} END",
)


@migrations()
def m005_spike_cells(db: sqlite_utils.Database) -> None:
    """Spike state is rebuilt from per-bucket counts instead of continued from checkpoints: each
    comment keeps its first-time flag, copy-paste cluster and hot mark (derived once, when the
    spike refresh first sees it), triggers keep the counts per post and bucket."""
    db.executescript(
        """
        ALTER TABLE comments ADD COLUMN spike_new INTEGER;
        ALTER TABLE comments ADD COLUMN spike_dup INTEGER;
        ALTER TABLE comments ADD COLUMN spike_hot INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE spike_posts (
          id INTEGER PRIMARY KEY, platform TEXT NOT NULL, post TEXT NOT NULL, channel TEXT NOT NULL,
          owner TEXT, UNIQUE (platform, post)
        );
        CREATE TABLE spike_cells (
          bucket INTEGER NOT NULL, pid INTEGER NOT NULL, n INTEGER NOT NULL, h INTEGER NOT NULL,
          s INTEGER NOT NULL, t INTEGER NOT NULL, new INTEGER NOT NULL, PRIMARY KEY (bucket, pid)
        ) WITHOUT ROWID;
        CREATE INDEX comments_spike_hot ON comments (created_at) WHERE spike_hot = 1;
        CREATE INDEX comments_spike_underived ON comments (created_at) WHERE spike_new IS NULL;
        CREATE INDEX IF NOT EXISTS comments_spike_authors ON comments (platform, author_key, channel, created_at);
        CREATE INDEX IF NOT EXISTS comments_spike_member ON comments (spike) WHERE spike IS NOT NULL;
        DROP INDEX IF EXISTS comments_spike_slots;
        DROP INDEX IF EXISTS comments_spike_slots2;
        DROP TRIGGER IF EXISTS spike_gen_comment_update;
        DROP TRIGGER IF EXISTS spike_gen_comment_own;
        DROP TRIGGER IF EXISTS spike_gen_comment_delete;
        DROP TRIGGER IF EXISTS spike_gen_post_insert;
        DROP TRIGGER IF EXISTS spike_gen_post_update;
        DROP TABLE IF EXISTS spike_checkpoints;
        DROP TABLE IF EXISTS spike_gen;
        """
    )
    c, b, t = _COUNTS.format(r="c"), _BUCKET.format(r="c"), _THREAT.format(r="c")
    db.execute(
        "INSERT INTO spike_posts (platform, post, channel, owner) SELECT platform, coalesce(post_id, '?') AS p, "
        f"min(coalesce(channel, platform)), min(owner) FROM comments c WHERE {c} GROUP BY platform, p"
    )
    db.execute(
        "INSERT INTO spike_cells (bucket, pid, n, h, s, t, new) "
        f"SELECT {b} AS b, sp.id, count(*), total(coalesce(c.rule_ids != '' AND (c.severity >= 2 OR {t}), 0)), "
        f"total(coalesce(c.rule_ids != '' AND c.severity >= 3, 0)), total(coalesce(c.rule_ids != '' AND {t}, 0)), 0 "
        "FROM comments c JOIN spike_posts sp ON sp.platform = c.platform AND sp.post = coalesce(c.post_id, '?') "
        f"WHERE {c} GROUP BY b, sp.id"
    )
    for sql in SPIKE_CELL_TRIGGERS:
        db.execute(sql)


@migrations()
def m006_copy_paste_index(db: sqlite_utils.Database) -> None:
    """The detail pane counts a comment's copy-paste cluster, ``=`` lists it: both by this index
    (with the account, so "from how many accounts" needs no table reads)."""
    db.execute("CREATE INDEX IF NOT EXISTS comments_spike_dup ON comments (spike_dup, author_key, state) "
               "WHERE spike_dup IS NOT NULL")


@migrations()
def m007_post_comment_totals(db: sqlite_utils.Database) -> None:
    """How many comments an export announced for a post (``summary.total_count``), so missing
    pages are noticed: all comments, and top-level ones (Facebook's default filter)."""
    db.executescript(
        """
        ALTER TABLE posts ADD COLUMN comment_total INTEGER;
        ALTER TABLE posts ADD COLUMN toplevel_total INTEGER;
        """
    )


class Store:
    """A connection plus a lock, so worker threads can share it; ``db`` wraps it in sqlite-utils."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path
        self.lock = threading.RLock()
        self._db: sqlite_utils.Database | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils on the same connection, made on first use (the app's reads never need it)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def close(self) -> None:
        self.conn.close()


def open_store(path: Path | str | None) -> Store:
    """Open (and create or migrate) the database. ``None`` opens a private in-memory one."""
    if path is None:
        conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        file = None
    else:
        file = Path(path)
        file.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(file), check_same_thread=False, timeout=30, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 30000")
    if file is not None:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA recursive_triggers = ON")  # as sqlite_utils.Database sets it
    store = Store(conn, file)
    if migrations.all_applied(conn):
        return store
    db = store.db
    if migrations.pending(db):
        # BEGIN IMMEDIATE serialises two instances starting on a fresh file at once.
        conn.execute("BEGIN IMMEDIATE")
        try:
            pending = migrations.pending(db)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        if pending:
            migrations.apply(db)
    return store
