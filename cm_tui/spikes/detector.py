"""The incremental shitstorm detector: feed it comments as they arrive, get spike events back.

Every comment counts for three scopes (its post, its channel, everything). The detector judges
5-minute buckets: comments of the newest bucket are gathered, and when time moves past it (a later
comment, or :meth:`SpikeDetector.advance`) the bucket is *committed*: each scope with comments in
it feeds its rate model (channel and overall learn their own hour-of-week baseline; a post is
compared with its channel's usual rate) and its 60-minute window of bucket cells, and its level of
§8.3 is judged once. Open spikes of scopes without comments in that bucket are judged too, so
they fall back and close on time. A spike opens at the first level above 0 and closes after
``close_after_minutes`` at 0.

Because a bucket is judged from its totals, the result does not depend on how comments were split
between imports, and a rebuild can feed stored per-bucket counts instead of comments
(:mod:`cm_tui.spikes.recompute`). The cost of a commit depends on the bucket's volume and the open
spikes, never on the length of the history.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol

from .dupes import DupIndex
from .events import Observation, Signals, SpikeEvent, explain
from .params import DEFAULT_PARAMS, SpikeParams
from .rate import bucket_of, bucket_start
from .scope import Cell, ScopeState, count_comment, rule_counts

OVERALL_KEY = "*"
OVERALL_LABEL = "Alle Kanäle"

PostCell = tuple[str, str, str, "str | None", Cell]
"""(post key, post label, channel, owner, cell): one post's comments in one bucket."""


class Details(Protocol):
    """Where a detector fed with counts only looks up what its cells lack."""

    def rule_counts(self, kind: str, key: str, b0: int, b1: int) -> Counter[str]:
        """Rule titles of the scope's hostile comments in buckets ``b0 <= b <= b1``."""
        ...

    def ids(self, kind: str, key: str, b0: int, b1: int) -> tuple[int, ...]:
        """Ids of the scope's comments in buckets ``b0 <= b <= b1`` (any order)."""
        ...


class _Spike:
    """Mutable state of one spike while it runs; frozen into SpikeEvent on demand."""

    __slots__ = (
        "kind", "key", "label", "owner", "start", "peak", "peak_level", "peak_count", "peak_signals",
        "peak_lookup", "level", "levels", "end", "first_b", "last_b", "ids", "series", "last_hot",
        "_explanation",
    )

    def __init__(self, sc: ScopeState, b: int, level: int, s: Signals, lookup: bool):
        self.kind, self.key, self.label, self.owner = sc.kind, sc.key, sc.label, sc.owner
        self.start = self.peak = self.last_hot = b
        self.peak_level = self.level = level
        self.peak_count = s.count
        self.peak_signals = s
        self.peak_lookup = lookup  # the window's rule titles must be looked up
        self.levels: list[tuple[int, int]] = [(b, level)]
        self.end: int | None = None
        self.first_b = sc.win[0][0]
        self.last_b = b
        self.ids: list[int] | None = []
        self.series: dict[int, list[int]] = {}
        self._explanation: str | None = None
        for bb, c in sc.win:
            self.count(bb, c)

    def count(self, b: int, c: Cell) -> None:
        row = self.series.get(b)
        if row is None:
            row = self.series[b] = [0, 0]
        row[0] += c.n
        row[1] += c.h
        self.last_b = b
        if self.ids is not None:
            if c.ids is None:
                self.ids = None  # fed from counts: looked up when asked for
            else:
                self.ids.extend(c.ids)

    def set_peak(self, b: int, level: int, s: Signals, lookup: bool) -> None:
        self.peak, self.peak_level, self.peak_count = b, level, s.count
        self.peak_signals, self.peak_lookup = s, lookup
        self._explanation = None

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.key}:{bucket_start(self.start).isoformat()}"

    def explanation(self, details: Details | None, window: int) -> str:
        if self._explanation is None:
            s = self.peak_signals
            if self.peak_lookup and details is not None:
                found = details.rule_counts(self.kind, self.key, self.peak - window + 1, self.peak)
                s = Signals(**{**{f: getattr(s, f) for f in Signals.__slots__}, "rule_counts": rule_counts(found)})
            self._explanation = explain(self.kind, self.label, self.owner, s, self.peak_level)
        return self._explanation

    def snapshot(self, details: Details | None, window: int) -> SpikeEvent:
        ids = self.ids
        if ids is None:
            ids = list(details.ids(self.kind, self.key, self.first_b, self.last_b)) if details else []
            self.ids = ids if self.end is not None else None  # an open spike still grows
        return SpikeEvent(
            id=self.id,
            scope_kind=self.kind,
            scope_key=self.key,
            scope_label=self.label,
            start=bucket_start(self.start),
            peak=bucket_start(self.peak),
            peak_level=self.peak_level,
            level=self.level,
            levels=tuple((bucket_start(b), lvl) for b, lvl in self.levels),
            end=bucket_start(self.end) if self.end is not None else None,
            explanation=self.explanation(details, window),
            comment_ids=tuple(sorted(ids)),
            series=tuple((bucket_start(b), c, h) for b, (c, h) in sorted(self.series.items())),
        )


class SpikeDetector:
    """Incremental spike detection over posts, channels and all channels together."""

    def __init__(self, params: SpikeParams = DEFAULT_PARAMS, details: Details | None = None):
        self.params = params
        self.details = details
        self.scopes: dict[tuple[str, str], ScopeState] = {}
        self.post_channel: dict[str, str] = {}
        self.seen: dict[str, set[str]] = {}  # channel → authors seen on it
        self.dups = DupIndex(params)
        self._active: dict[tuple[str, str], _Spike] = {}
        self._events: list[_Spike] = []
        self.head: int | None = None  # the bucket being gathered, not yet judged
        self.head_cells: dict[str, list] = {}  # post key → [label, channel, owner, Cell]
        self.now_bucket: int | None = None
        # set by the fast rebuild (cm_tui.spikes.fast), which keeps only some scopes: the
        # clusters' channels of the last hour, when the all-channels scope is not kept
        self.everything: Any = None
        self.judged = 0
        self.emit = True  # False while rebuilding: nobody reads the changes

    # --- public API -------------------------------------------------------------------------
    def observe(self, o: Observation, new: bool | None = None) -> list[SpikeEvent]:
        """Take one comment; return events that opened, rose a level or ended because time moved
        past the previous bucket. A comment older than the bucket being gathered counts in it.

        ``new`` says whether this is the author's first comment on the channel; by default the
        detector remembers the authors it has seen (a store knows it from the whole history)."""
        b = bucket_of(o.ts)
        out = self._move_to(b)
        b = self.head  # type: ignore[assignment]
        if new is None:
            new = self._is_new(o)
        slot = self.head_cells.get(o.post_key)
        if slot is None:
            slot = self.head_cells[o.post_key] = [o.post_label, o.channel, o.owner, Cell(rules=Counter(), ids=[])]
        count_comment(slot[3], o, bool(new), self.dups, b, self.params)
        return out

    def feed(self, b: int, cells: Iterable[PostCell]) -> list[SpikeEvent]:
        """Take one whole bucket of per-post counts (a rebuild); it is judged when time moves on."""
        out = self._move_to(b)
        for post, label, channel, owner, cell in cells:
            slot = self.head_cells.get(post)
            if slot is None:
                self.head_cells[post] = [label, channel, owner, cell]
            else:
                slot[3].merge(cell)
        return out

    def advance(self, now: datetime) -> list[SpikeEvent]:
        """Let time pass without comments: judge the gathered bucket once ``now`` is past it,
        lower levels and close spikes that went quiet."""
        b = bucket_of(now)
        out = self._move_to(b) if self.head is not None and b > self.head else []
        if self.now_bucket is None or b > self.now_bucket:
            self.now_bucket = b
        for key in list(self._active):
            out += self._idle(self.scopes[key], b)
        return out

    def active(self) -> list[SpikeEvent]:
        """Spikes that have not ended."""
        return [self._snap(sp) for sp in self._active.values()]

    def events(self) -> list[SpikeEvent]:
        """Every spike known, running or ended, in order of opening."""
        many = getattr(self.details, "ids_many", None)
        todo = [sp for sp in self._events if sp.ids is None]
        if many is not None and len(todo) > 1:  # one pass over the comments instead of one query each
            for sp, ids in zip(todo, many([(sp.kind, sp.key, sp.first_b, sp.last_b) for sp in todo]), strict=True):
                sp.ids = list(ids)
        return [self._snap(sp) for sp in self._events]

    def take_hot(self) -> set[int]:
        """Comments that became members of a copy-paste campaign candidate since the last call."""
        return self.dups.take_hot()

    # --- internals --------------------------------------------------------------------------
    def _snap(self, sp: _Spike) -> SpikeEvent:
        return sp.snapshot(self.details, self.params.long_buckets)

    def _scope(self, kind: str, key: str, label: str, owner: str | None) -> ScopeState:
        sc = self.scopes.get((kind, key))
        if sc is None:
            sc = self.scopes[(kind, key)] = ScopeState(kind, key, label, owner, self.params)
        return sc

    def _is_new(self, o: Observation) -> bool:
        if o.author is None:
            return False
        seen = self.seen.get(o.channel)
        if seen is None:
            seen = self.seen[o.channel] = set()
        if o.author in seen:
            return False
        seen.add(o.author)
        return True

    def _move_to(self, b: int) -> list[SpikeEvent]:
        """Make ``b`` the bucket being gathered, judging the previous one first."""
        if self.head is not None and b <= self.head:
            return []
        out = self._commit(self.head, self.head_cells) if self.head is not None else []
        self.head, self.head_cells = b, {}
        if self.now_bucket is None or b > self.now_bucket:
            self.now_bucket = b
        return out

    def _commit(self, b: int, cells: dict[str, list]) -> list[SpikeEvent]:
        """Judge bucket ``b``: feed every scope with comments in it, then their levels."""
        if not cells:  # time moved on without comments: only open spikes can change
            return [e for key in list(self._active) for e in self._idle(self.scopes[key], b)]
        everything = self._scope("overall", OVERALL_KEY, OVERALL_LABEL, None)
        total = Cell()
        per_channel: dict[str, Cell] = {}
        owners: dict[str, str | None] = {}
        posts: list[tuple[ScopeState, Cell]] = []
        for post in sorted(cells):
            label, channel, owner, c = cells[post]
            self.post_channel[post] = channel
            ch = per_channel.get(channel)
            if ch is None:
                ch = per_channel[channel] = Cell()
                owners[channel] = owner
            ch.merge(c)
            posts.append((self._scope("post", post, label, owner), c))
        touched: list[tuple[ScopeState, Cell]] = []
        for channel in sorted(per_channel):
            c = per_channel[channel]
            total.merge(c)
            touched.append((self._scope("channel", channel, channel, owners[channel]), c))
        touched.insert(0, (everything, total))
        touched += posts
        for sc, c in touched:
            sc.rate.add(b, c.n)
            sc.expire(b)
            sc.add(b, c)
        out: list[SpikeEvent] = []
        for sc, c in touched:
            out += self._evaluate(sc, b, c)
        for key in list(self._active):
            sc = self.scopes[key]
            if sc.last_b != b:
                out += self._idle(sc, b)
        return out

    def _could_rise(self, sc: ScopeState) -> bool:
        p = self.params
        n = sc.n
        return bool(
            (sc.threats and (p.threat_is_crisis or sc.owner))
            or (sc.severe >= p.severe_hits_2 and sc.severe >= p.severe_share * n)
            or sc.dup_comments >= p.dup_comments_2
            or (n >= p.hostile_min_count and sc.hostile >= p.hostile_share_1 * n)
        )

    def _level(self, sc: ScopeState, b: int) -> tuple[int, Signals | None]:
        """The scope's level at bucket ``b`` (and its signals where it may be above 0)."""
        p = self.params
        if sc.spike is None and sc.n < p.min_count and not sc.rate.alarm and not self._could_rise(sc):
            return 0, None  # too few comments for any rate alarm, no other signal
        expected = warm = None
        if sc.kind == "post":
            ch = self.scopes.get(("channel", self.post_channel.get(sc.key, "")))
            if ch is not None:
                expected, warm = ch.rate.expected_hour(b // 12), not ch.rate.warming_up
        r = sc.rate.read(b, expected, warm)
        if sc.spike is None and not r.alarm and not self._could_rise(sc):
            return 0, None  # cheap exit: no signal is anywhere near a threshold
        everything = self.everything or self.scopes[("overall", OVERALL_KEY)]
        s = sc.signals(r, sc.campaign_channels(everything))
        return sc.level(r, s, b), s

    def _evaluate(self, sc: ScopeState, b: int, c: Cell) -> list[SpikeEvent]:
        lvl, s = self._level(sc, b)
        sp = sc.spike
        if sp is None:
            if lvl == 0 or s is None:
                return []
            sp = sc.spike = _Spike(sc, b, lvl, s, self._lookup(sc))
            self._active[(sc.kind, sc.key)] = sp
            self._events.append(sp)
            return [self._snap(sp)] if self.emit else []
        return self._apply(sc, sp, b, lvl, c, s, b)

    def _idle(self, sc: ScopeState, b: int) -> list[SpikeEvent]:
        """Judge an open spike's scope at bucket ``b`` although it got no comments in it."""
        sp = sc.spike
        if sp is None:
            return []
        sc.expire(b)
        if not sc.win:  # the window emptied when its last bucket left it
            at = max(sp.levels[-1][0], min(b, sc.last_b + self.params.long_buckets))
            sc.rate.alarm = False
            return self._apply(sc, sp, at, 0, None, None, b)
        lvl, s = self._level(sc, b)
        return self._apply(sc, sp, b, lvl, None, s, b)

    def _lookup(self, sc: ScopeState) -> bool:
        """Whether the window's rule titles are unknown (cells fed from counts)."""
        return any(c.rules is None and c.h for _b, c in sc.win)

    def _apply(self, sc: ScopeState, sp: _Spike, at: int, lvl: int, c: Cell | None,
               s: Signals | None, now: int) -> list[SpikeEvent]:
        """Record level ``lvl`` of an open spike at bucket ``at`` (``s`` only matters when lvl >
        0); ``now`` is the bucket being judged, for closing."""
        p = self.params
        if c is not None:
            sp.count(at, c)
        rose = lvl > sp.level
        if lvl != sp.level:
            sp.levels.append((at, lvl))
            sp.level = lvl
        if lvl and c is not None:
            sp.last_hot = at  # the last bucket with comments while raised
        if s is not None and lvl and (lvl > sp.peak_level or (lvl == sp.peak_level and s.count > sp.peak_count)):
            sp.set_peak(at, lvl, s, self._lookup(sc))
        if rose:
            return [self._snap(sp)] if self.emit else []
        if lvl == 0:
            quiet = max(sp.levels[-1][0], min(now, sp.last_hot + p.long_buckets))
            if (now - quiet) * 5 >= p.close_after_minutes:
                sp.end = quiet
                if sp.levels[-1][1] != 0:
                    sp.levels.append((quiet, 0))
                del self._active[(sc.kind, sc.key)]
                sc.spike = None
                return [self._snap(sp)] if self.emit else []
        return []
