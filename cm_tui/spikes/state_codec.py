"""The spike detector as plain data and back: what a checkpoint stores (no pickle, no code).

A checkpoint lives in a database file that several people share and hand over, so what is read
back is hostile data. :func:`encode` turns a :class:`SpikeDetector` into zlib-compressed JSON made
only of dicts, lists, strings, numbers, booleans and null; :func:`decode` rebuilds every object
explicitly, field by field, after checking types, lengths, ranges and references. Anything it does
not expect (another version or params, a missing field, a wrong type, garbled or truncated bytes,
a blob in the old pickle format) raises :class:`StateError`; nothing is executed and no partly
built detector escapes. Counters, copy-paste clusters and campaign tallies of a scope's window are
not stored: they are recounted from the window, so they cannot disagree with it.
"""

from __future__ import annotations

import json
import math
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import fields
from datetime import datetime
from typing import Any

from .detector import SpikeDetector, _Spike
from .dupes import DupIndex
from .params import LEVEL_NAMES, SpikeParams
from .rate import RateModel
from .scope import Entry, ScopeState

FORMAT = "cm_tui.spikes.state"
VERSION = 2  # version 1 was a pickle
MAX_BYTES = 256 << 20  # decompressed; a real checkpoint is a few MB
_INT_MAX = 1 << 63  # SQLite row ids and every counter fit
_BUCKET_MIN, _BUCKET_MAX = -(10**8), 8 * 10**8  # 5-minute buckets from ~1019 to ~9570
_KINDS = ("overall", "channel", "post")


class StateError(ValueError):
    """The data is not a checkpoint this code wrote."""


# --- checks ---------------------------------------------------------------------------------
def _fail(what: str) -> StateError:
    return StateError(f"checkpoint: bad {what}")


def _int(x: Any, what: str, lo: int = -_INT_MAX, hi: int = _INT_MAX) -> int:
    if type(x) is not int or not lo <= x <= hi:
        raise _fail(what)
    return x


def _bucket(x: Any, what: str) -> int:
    return _int(x, what, _BUCKET_MIN, _BUCKET_MAX)


def _opt_int(x: Any, what: str) -> int | None:
    return None if x is None else _int(x, what)


def _num(x: Any, what: str, lo: float = 0.0, hi: float = 1e15) -> float:
    # bounded: a squared excess of 1e200 would raise OverflowError in the rate model
    if type(x) not in (int, float) or not math.isfinite(x) or not lo <= x <= hi:
        raise _fail(what)
    return x


def _str(x: Any, what: str) -> str:
    if type(x) is not str:
        raise _fail(what)
    return x


def _opt_str(x: Any, what: str) -> str | None:
    return None if x is None else _str(x, what)


def _flag(x: Any, what: str) -> bool:
    if type(x) is not bool:
        raise _fail(what)
    return x


def _list(x: Any, what: str, n: int | None = None) -> list:
    if type(x) is not list or (n is not None and len(x) != n):
        raise _fail(what)
    return x


def _obj(x: Any, what: str, keys: Iterable[str]) -> dict:
    """A JSON object with exactly these keys."""
    if type(x) is not dict or set(x) != set(keys):
        raise _fail(what)
    return x


def _when(x: Any, what: str) -> datetime:
    try:
        t = datetime.fromisoformat(_str(x, what))
    except ValueError:
        raise _fail(what) from None
    if t.tzinfo is None or t.utcoffset() is None or not 1900 <= t.year <= 9000:
        raise _fail(what)
    return t


def _level(x: Any, what: str) -> int:
    return _int(x, what, min(LEVEL_NAMES), max(LEVEL_NAMES))


# --- encode ---------------------------------------------------------------------------------
def _params(p: SpikeParams) -> dict[str, Any]:
    return {f.name: getattr(p, f.name) for f in fields(p)}


_RATE = ("hsum", "hsum_total", "dfac", "tx", "tm", "phi", "hours_seen", "cur_hour", "hour_count", "ring",
         "ring_b", "total", "last_bucket", "alarm", "alarm_since", "learn")
_SCOPE = ("kind", "key", "label", "owner", "rate", "win", "rules", "spread")
_SPIKE = ("kind", "key", "label", "start", "peak", "peak_level", "peak_count", "level", "levels", "end",
          "explanation", "comment_ids", "series", "last_hot")
_TOP = ("format", "version", "params", "now_bucket", "emit", "post_channel", "seen", "entries", "scopes",
        "spikes", "active", "dups")
STORED = {
    # every attribute of these classes, and where it goes (a test keeps the lists complete)
    "SpikeDetector": ("params", "scopes", "post_channel", "seen", "dups", "_active", "_events", "now_bucket",
                      "emit"),
    "RateModel": ("p", *_RATE),
    "ScopeState": ("p", *_SCOPE[:6], "hostile", "severe", "threats", "new", "rules", "authors", "clusters",
                   "dup_comments", "dup_authors", "spike", "_spread"),  # counters: recounted from win
    "_Spike": _SPIKE,
    "DupIndex": ("p", "buckets", "cluster_channels", "added"),
}


def to_state(det: SpikeDetector, scopes: Mapping[tuple[str, str], ScopeState] | None = None,
             events: list[_Spike] | None = None) -> dict[str, Any]:
    """The detector as JSON-able values. ``scopes`` and ``events`` replace the detector's own (a
    checkpoint leaves out idle posts and ended spikes); every open spike must be among them."""
    scopes = det.scopes if scopes is None else scopes
    events = det._events if events is None else events
    index: dict[int, int] = {}  # id(Entry) → row; a comment's entry is shared by its three scopes
    entries: list[Entry] = []

    def row(e: Entry) -> int:
        i = index.get(id(e))
        if i is None:
            i = index[id(e)] = len(entries)
            entries.append(e)
        return i

    out_scopes = []
    for (kind, key), sc in scopes.items():
        if (sc.kind, sc.key) != (kind, key):
            raise ValueError(f"scope {kind}:{key} filed under another key")
        r = sc.rate
        out_scopes.append({
            "kind": kind, "key": key, "label": sc.label, "owner": sc.owner,
            "rate": {name: getattr(r, name) for name in _RATE},
            "win": [row(e) for e in sc.win],
            "rules": list(sc.rules),  # only the order: most_common() breaks ties by it
            "spread": list(sc._spread),
        })
    spike_row = {id(sp): i for i, sp in enumerate(events)}
    if any(id(sp) not in spike_row for sp in det._active.values()):
        raise ValueError("every open spike must be among the events")
    texts: dict[str, int] = {}  # a normalised text sits in two prefilter buckets
    buckets = [[k, [[b, texts.setdefault(t, len(texts)), c] for b, t, c in dq]] for k, dq in det.dups.buckets.items()]
    return {
        "format": FORMAT, "version": VERSION, "params": _params(det.params),
        "now_bucket": det.now_bucket, "emit": det.emit,
        "post_channel": det.post_channel,
        "seen": {ch: sorted(a) for ch, a in det.seen.items()},
        "entries": [[*e[:7], list(e.rules), e.cluster] for e in entries],
        "scopes": out_scopes,
        "spikes": [{
            "kind": sp.kind, "key": sp.key, "label": sp.label, "start": sp.start.isoformat(),
            "peak": sp.peak.isoformat(), "peak_level": sp.peak_level, "peak_count": sp.peak_count,
            "level": sp.level, "levels": [[t.isoformat(), lvl] for t, lvl in sp.levels],
            "end": None if sp.end is None else sp.end.isoformat(), "explanation": sp.explanation,
            "comment_ids": sp.comment_ids, "series": [[b, c, h] for b, (c, h) in sp.series.items()],
            "last_hot": sp.last_hot.isoformat(),
        } for sp in events],
        "active": [spike_row[id(sp)] for sp in det._active.values()],
        "dups": {"texts": list(texts), "buckets": buckets,
                 "cluster_channels": [[c, ch] for c, ch in det.dups.cluster_channels.items()],
                 "added": det.dups.added},
    }


def encode(det: SpikeDetector, scopes: Mapping[tuple[str, str], ScopeState] | None = None,
           events: list[_Spike] | None = None) -> bytes:
    """:func:`to_state` as zlib-compressed JSON."""
    text = json.dumps(to_state(det, scopes, events), separators=(",", ":"), allow_nan=False)  # ASCII: 2x faster
    return zlib.compress(text.encode(), 1)


# --- decode ---------------------------------------------------------------------------------
def decode(blob: bytes, params: SpikeParams) -> SpikeDetector:
    """The detector :func:`encode` wrote, built with ``params``; :class:`StateError` otherwise."""
    if not isinstance(blob, bytes | bytearray | memoryview):
        raise _fail("blob")
    try:
        z = zlib.decompressobj()
        raw = z.decompress(bytes(blob), MAX_BYTES)
        if z.unconsumed_tail or z.unused_data or not z.eof:
            raise _fail("compression (truncated or too large)")
        data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except StateError:
        raise
    except (zlib.error, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise StateError(f"checkpoint: unreadable ({type(exc).__name__})") from None
    return from_state(data, params)


def _no_constant(name: str) -> float:
    raise _fail(f"number {name}")


def from_state(data: Any, params: SpikeParams) -> SpikeDetector:
    """A new detector from :func:`to_state`'s values, checked throughout (:class:`StateError`)."""
    d = _obj(data, "top level", _TOP)
    if d["format"] != FORMAT or d["version"] != VERSION:
        raise _fail("format or version")
    if type(d["params"]) is not dict or d["params"] != _params(params) or any(
            type(v) is not type(getattr(params, k)) for k, v in d["params"].items()):
        raise _fail("params")
    p = params
    det = SpikeDetector(p)
    det.now_bucket = None if d["now_bucket"] is None else _bucket(d["now_bucket"], "now_bucket")
    det.emit = _flag(d["emit"], "emit")
    det.post_channel = _str_map(d["post_channel"], "post_channel", _str)
    det.seen = {ch: {_str(a, "author") for a in _list(v, "seen")}
                for ch, v in _str_map(d["seen"], "seen", _list).items()}
    entries = [_entry(e) for e in _list(d["entries"], "entries")]
    for s in _list(d["scopes"], "scopes"):
        sc = _scope(s, p, entries)
        if (sc.kind, sc.key) in det.scopes:
            raise _fail("scopes (twice)")
        det.scopes[(sc.kind, sc.key)] = sc
    spikes = [_spike(s) for s in _list(d["spikes"], "spikes")]
    active = [_int(i, "active", 0, len(spikes) - 1) for i in _list(d["active"], "active")]
    if len(set(active)) != len(active):
        raise _fail("active")
    for i in active:
        sp = spikes[i]
        if sp.end is not None:
            raise _fail("spike end (an open spike has none)")
        sc = det.scopes.get((sp.kind, sp.key))
        if sc is None or sc.spike is not None:
            raise _fail("spike scope")
        sc.spike = det._active[(sp.kind, sp.key)] = sp
    if sum(sp.end is None for sp in spikes) != len(active):
        raise _fail("spike end (an ended spike has one)")
    det._events = spikes
    det.dups = _dups(d["dups"], p)
    return det


def _str_map(x: Any, what: str, value: Callable[[Any, str], Any]) -> dict:
    if type(x) is not dict:
        raise _fail(what)
    for v in x.values():
        value(v, what)
    return x


def _entry(e: Any) -> Entry:
    b, comment, author, new, hostile, severe, threat, rules, cluster = _list(e, "entry", 9)
    return Entry(_bucket(b, "entry bucket"), _int(comment, "entry comment"), _opt_str(author, "entry author"),
                 _flag(new, "entry"), _flag(hostile, "entry"), _flag(severe, "entry"), _flag(threat, "entry"),
                 tuple(_str(r, "entry rule") for r in _list(rules, "entry rules")), _opt_int(cluster, "cluster"))


def _rate(x: Any, p: SpikeParams, learn: bool) -> RateModel:
    r = _obj(x, "rate", _RATE)
    m = RateModel(p, learn=learn)
    if _flag(r["learn"], "learn") is not learn:
        raise _fail("learn")
    # non-negative baselines and a bounded dispersion keep every square root and division defined
    m.hsum = [_num(v, "hsum") for v in _list(r["hsum"], "hsum", 24)]
    m.dfac = [_num(v, "dfac") for v in _list(r["dfac"], "dfac", 7)]
    m.hsum_total, m.tx, m.tm = (_num(r[k], k) for k in ("hsum_total", "tx", "tm"))
    m.phi = _num(r["phi"], "phi", 0.0, p.dispersion_max)
    m.hours_seen, m.hour_count, m.total = (_int(r[k], k, 0) for k in ("hours_seen", "hour_count", "total"))
    m.cur_hour = None if r["cur_hour"] is None else _bucket(r["cur_hour"], "cur_hour")
    m.ring = [_int(v, "ring", 0) for v in _list(r["ring"], "ring", p.long_buckets)]
    m.ring_b = [_bucket(v, "ring_b") for v in _list(r["ring_b"], "ring_b", p.long_buckets)]
    m.last_bucket = None if r["last_bucket"] is None else _bucket(r["last_bucket"], "last_bucket")
    m.alarm = _flag(r["alarm"], "alarm")
    m.alarm_since = None if r["alarm_since"] is None else _bucket(r["alarm_since"], "alarm_since")
    return m


def _scope(x: Any, p: SpikeParams, entries: list[Entry]) -> ScopeState:
    s = _obj(x, "scope", _SCOPE)
    kind = _str(s["kind"], "scope kind")
    if kind not in _KINDS:
        raise _fail("scope kind")
    sc = ScopeState(kind, _str(s["key"], "scope key"), _str(s["label"], "label"), _opt_str(s["owner"], "owner"), p)
    sc.rate = _rate(s["rate"], p, learn=kind != "post")
    n = len(entries)
    for i in _list(s["win"], "window"):
        sc.add(entries[_int(i, "window row", 0, n - 1)])  # counters and clusters recounted
    order = [_str(r, "rule") for r in _list(s["rules"], "rules")]
    if len(set(order)) != len(order) or set(order) != set(sc.rules):
        raise _fail("rules")
    sc.rules = Counter({r: sc.rules[r] for r in order})
    a, b = _list(s["spread"], "spread", 2)
    sc._spread = (_int(a, "spread"), _int(b, "spread", 0))
    return sc


def _spike(x: Any) -> _Spike:
    s = _obj(x, "spike", _SPIKE)
    sp = _Spike.__new__(_Spike)
    sp.kind = _str(s["kind"], "spike kind")
    if sp.kind not in _KINDS:
        raise _fail("spike kind")
    sp.key, sp.label, sp.explanation = (_str(s[k], f"spike {k}") for k in ("key", "label", "explanation"))
    sp.start, sp.peak, sp.last_hot = (_when(s[k], f"spike {k}") for k in ("start", "peak", "last_hot"))
    sp.end = None if s["end"] is None else _when(s["end"], "spike end")
    sp.peak_level, sp.level = _level(s["peak_level"], "peak_level"), _level(s["level"], "level")
    sp.peak_count = _int(s["peak_count"], "peak_count", 0)
    sp.levels = []
    for t in _list(s["levels"], "levels"):
        when, lvl = _list(t, "level", 2)
        sp.levels.append((_when(when, "level time"), _level(lvl, "level")))
    if not sp.levels:
        raise _fail("levels")
    ids = _list(s["comment_ids"], "comment ids")  # the bulk of a checkpoint: checked in one pass
    if ids and (not all(type(c) is int for c in ids) or min(ids) < -_INT_MAX or max(ids) > _INT_MAX):
        raise _fail("comment ids")
    sp.comment_ids = ids
    sp.series = {}
    for t in _list(s["series"], "series"):
        b, c, h = _list(t, "series row", 3)
        sp.series[_bucket(b, "series bucket")] = [_int(c, "series", 0), _int(h, "series", 0)]
    return sp


def _dups(x: Any, p: SpikeParams) -> DupIndex:
    d = _obj(x, "dups", ("texts", "buckets", "cluster_channels", "added"))
    texts = [_str(t, "text") for t in _list(d["texts"], "texts")]
    n = len(texts)
    ix = DupIndex(p)
    for kb in _list(d["buckets"], "buckets"):
        k, rows = _list(kb, "bucket", 2)
        if _str(k, "bucket key") in ix.buckets or len(_list(rows, "bucket rows")) > p.dup_bucket_max:
            raise _fail("bucket")
        dq: deque[tuple[int, str, int]] = deque(maxlen=p.dup_bucket_max)
        for r in rows:
            if type(r) is not list or len(r) != 3:
                raise _fail("bucket row")
            b, t, c = r
            if (type(b) is not int or not _BUCKET_MIN <= b <= _BUCKET_MAX or type(t) is not int or not 0 <= t < n
                    or type(c) is not int or not -_INT_MAX <= c <= _INT_MAX):
                raise _fail("bucket row")
            dq.append((b, texts[t], c))
        ix.buckets[k] = dq
    for cc in _list(d["cluster_channels"], "cluster_channels"):
        c, ch = _list(cc, "cluster channels", 2)
        if _int(c, "cluster") in ix.cluster_channels or not _str_map(ch, "cluster channels", _bucket):
            raise _fail("cluster channels")  # (an empty one would break the next prune)
        ix.cluster_channels[c] = ch
    ix.added = _int(d["added"], "added", 0)
    return ix
