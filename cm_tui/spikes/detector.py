"""The incremental shitstorm detector: feed it comments as they arrive, get spike events back.

Every comment updates three scopes (its post, its channel, everything). Per scope the detector
keeps a rate model (channel and overall learn their own hour-of-week baseline; a post is compared
with its channel's usual rate) and a 60-minute window with counters for rule findings, first-time
authors and copy-paste clusters. The level of §8.3 is re-evaluated for the three scopes on every
comment; a spike opens at the first level above 0 and closes after ``close_after_minutes`` at 0.
The cost per comment depends on the last hour's volume, never on the length of the history.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from .dupes import DupIndex
from .events import Observation, Signals, SpikeEvent, explain
from .params import DEFAULT_PARAMS, SpikeParams
from .rate import bucket_of, bucket_start
from .scope import Entry, ScopeState

OVERALL_KEY = "*"
OVERALL_LABEL = "Alle Kanäle"


class _Spike:
    """Mutable state of one spike while it runs; frozen into SpikeEvent on demand."""

    __slots__ = (
        "kind", "key", "label", "start", "peak", "peak_level", "peak_count", "level", "levels",
        "end", "explanation", "comment_ids", "series", "last_hot",
    )

    def __init__(self, sc: ScopeState, ts: datetime, level: int, s: Signals, text: str):
        self.kind, self.key, self.label = sc.kind, sc.key, sc.label
        self.start = self.peak = self.last_hot = ts
        self.peak_level = self.level = level
        self.peak_count = s.count
        self.levels: list[tuple[datetime, int]] = [(ts, level)]
        self.end: datetime | None = None
        self.explanation = text
        self.comment_ids: list[int] = [e.comment for e in sc.win]
        self.series: dict[int, list[int]] = {}
        for e in sc.win:
            self.count(e)

    def count(self, e: Entry) -> None:
        row = self.series.get(e.bucket)
        if row is None:
            row = self.series[e.bucket] = [0, 0]
        row[0] += 1
        row[1] += e.hostile

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.key}:{self.start.isoformat()}"

    def snapshot(self) -> SpikeEvent:
        return SpikeEvent(
            id=self.id,
            scope_kind=self.kind,
            scope_key=self.key,
            scope_label=self.label,
            start=self.start,
            peak=self.peak,
            peak_level=self.peak_level,
            level=self.level,
            levels=tuple(self.levels),
            end=self.end,
            explanation=self.explanation,
            comment_ids=tuple(self.comment_ids),
            series=tuple((bucket_start(b), c, h) for b, (c, h) in sorted(self.series.items())),
        )


class SpikeDetector:
    """Incremental spike detection over posts, channels and all channels together."""

    def __init__(self, params: SpikeParams = DEFAULT_PARAMS):
        self.params = params
        self.scopes: dict[tuple[str, str], ScopeState] = {}
        self.post_channel: dict[str, str] = {}
        self.seen: dict[str, set[str]] = {}  # channel → authors seen on it
        self.dups = DupIndex(params)
        self._active: dict[tuple[str, str], _Spike] = {}
        self._events: list[_Spike] = []
        self.now_bucket: int | None = None
        self.emit = True  # False while rebuilding: nobody reads the changes, and a snapshot copies a spike's comments

    # --- public API -------------------------------------------------------------------------
    def observe(self, o: Observation, new: bool | None = None) -> list[SpikeEvent]:
        """Take one comment; return events that opened, rose a level or ended because of it.

        ``new`` says whether this is the author's first comment on the channel; by default the
        detector remembers the authors it has seen (a store knows it from the whole history)."""
        return self._observe(o, bucket_of(o.ts), new, True)

    def advance(self, now: datetime) -> list[SpikeEvent]:
        """Let time pass without comments: lower levels and close spikes that went quiet."""
        b = bucket_of(now)
        if self.now_bucket is None or b > self.now_bucket:
            self.now_bucket = b
        out: list[SpikeEvent] = []
        for key in list(self._active):
            sc = self.scopes[key]
            sc.expire(b)
            sc.rate.advance(b)
            out += self._evaluate(sc, now, b, None)
        return out

    def active(self) -> list[SpikeEvent]:
        """Spikes that have not ended."""
        return [sp.snapshot() for sp in self._active.values()]

    def events(self) -> list[SpikeEvent]:
        """Every spike known, running or ended, in order of opening."""
        return [sp.snapshot() for sp in self._events]

    # --- internals --------------------------------------------------------------------------
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

    def _observe(self, o: Observation, b: int, new: bool | None, feed: bool,
                 evaluate: bool | tuple[bool, bool, bool] = True,
                 keep: tuple[bool, bool, bool] = (True, True, True)) -> list[SpikeEvent]:
        """For the rebuild: ``evaluate`` says whether to judge (overall, channel, post) at this
        comment, ``keep`` whether to keep their rate and window current (a scope that will not be
        judged before its window and baseline are rebuilt need not be)."""
        if self.now_bucket is None or b > self.now_bucket:
            self.now_bucket = b
        if new is None:
            new = self._is_new(o)
        entry = self.entry(o, b, new, cluster=True)
        self.post_channel[o.post_key] = o.channel
        scopes = (
            self._scope("overall", OVERALL_KEY, OVERALL_LABEL, None),
            self._scope("channel", o.channel, o.channel, o.owner),
            self._scope("post", o.post_key, o.post_label, o.owner),
        )
        out: list[SpikeEvent] = []
        for sc, k in zip(scopes, keep, strict=True):
            if not k:
                continue
            if feed:
                sc.rate.add(b)
            else:
                sc.rate.advance(b)
            sc.expire(b)
            sc.add(entry)
        evals = (evaluate,) * 3 if isinstance(evaluate, bool) else evaluate
        for sc, ev in zip(scopes, evals, strict=True):
            if ev:
                out += self._evaluate(sc, o.ts, b, entry)
            else:
                # The caller knows this scope cannot rise here: keep an open spike current at
                # level 0, as _evaluate would, and drop a rate alarm a read would switch off.
                sc.rate.alarm = False
                if sc.spike is not None:
                    out += self._apply(sc, sc.spike, o.ts, 0, entry, None)
        return out

    def entry(self, o: Observation, b: int, new: bool, cluster: bool = False) -> Entry:
        """The window entry of a comment (``cluster``: assign its copy-paste cluster now)."""
        p = self.params
        cl = self.dups.assign(o.comment, o.text, b, o.channel) if cluster and o.text else None
        hostile = o.threat or (bool(o.rule_titles) and o.max_severity >= p.hostile_severity)
        return Entry(
            b, o.comment, o.author, new, hostile, o.max_severity >= p.severe_severity,
            o.threat, o.rule_titles, cl,
        )

    def _could_rise(self, sc: ScopeState) -> bool:
        p = self.params
        n = len(sc.win)
        return bool(
            (sc.threats and (p.threat_is_crisis or sc.owner))
            or (sc.severe >= p.severe_hits_2 and sc.severe >= p.severe_share * n)
            or sc.dup_comments >= p.dup_comments_2
            or (n >= p.hostile_min_count and sc.hostile >= p.hostile_share_1 * n)
        )

    def _evaluate(self, sc: ScopeState, ts: datetime, b: int, entry: Entry | None) -> list[SpikeEvent]:
        p = self.params
        sp: _Spike | None = sc.spike
        if sp is None and sc.rate.total < p.min_count and not sc.rate.alarm and not self._could_rise(sc):
            return []  # too few comments for any rate alarm, no other signal
        expected = warm = None
        if sc.kind == "post":
            ch = self.scopes.get(("channel", self.post_channel.get(sc.key, "")))
            if ch is not None:
                expected, warm = ch.rate.expected_hour(b // 12), not ch.rate.warming_up
        r = sc.rate.read(b, expected, warm)
        if sp is None and not r.alarm and not self._could_rise(sc):
            return []  # cheap exit: no signal is anywhere near a threshold
        s = sc.signals(r, sc.campaign_channels(self.dups, b - p.long_buckets))
        lvl = sc.level(r, s, b)
        if sp is None:
            if lvl == 0:
                return []
            sp = sc.spike = _Spike(sc, ts, lvl, s, explain(sc.kind, sc.label, sc.owner, s, lvl))
            self._active[(sc.kind, sc.key)] = sp
            self._events.append(sp)
            return [sp.snapshot()] if self.emit else []
        return self._apply(sc, sp, ts, lvl, entry, s)

    def _apply(self, sc: ScopeState, sp: _Spike, ts: datetime, lvl: int, entry: Entry | None,
               s: Signals | None) -> list[SpikeEvent]:
        """Record level ``lvl`` of an open spike at ``ts`` (``s`` is only needed when lvl > 0)."""
        p = self.params
        if entry is not None:
            sp.comment_ids.append(entry.comment)
            sp.count(entry)
        rose = lvl > sp.level
        if lvl != sp.level:
            at = ts if lvl else max(sp.levels[-1][0], min(ts, sp.last_hot + timedelta(minutes=p.window_minutes)))
            sp.levels.append((at, lvl))
            sp.level = lvl
        if lvl and entry is not None:
            sp.last_hot = ts  # the last comment while raised; the window empties an hour later
        if s is not None and (lvl > sp.peak_level or (lvl and lvl == sp.peak_level and s.count > sp.peak_count)):
            sp.peak, sp.peak_level, sp.peak_count = ts, lvl, s.count
            sp.explanation = explain(sc.kind, sc.label, sc.owner, s, lvl)
        if rose:
            return [sp.snapshot()] if self.emit else []
        if lvl == 0:
            quiet = min(ts, sp.last_hot + timedelta(minutes=p.window_minutes))
            if ts - quiet >= timedelta(minutes=p.close_after_minutes):
                sp.end = quiet
                if sp.levels[-1][1] != 0:
                    sp.levels.append((quiet, 0))
                del self._active[(sc.kind, sc.key)]
                sc.spike = None
                return [sp.snapshot()] if self.emit else []
        return []
