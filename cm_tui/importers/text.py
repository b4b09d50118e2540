"""Small conversions every importer needs: HTML to plain text, timestamps to UTC, ids, counts,
stable synthetic ids and the removal of access tokens from raw source objects.

Each helper raises :class:`BadInput` (without a position; the caller adds it) for values that
cannot be right, and never anything else.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

from cm_tui.importers.base import BadInput
from cm_tui.safe_text import plain_int

BERLIN = ZoneInfo("Europe/Berlin")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# --------------------------------------------------------------------------- positions


@contextmanager
def at(position: str) -> Iterator[None]:
    """Attach ``position`` to a :class:`BadInput` raised inside that has none yet."""
    try:
        yield
    except BadInput as exc:
        if exc.position is None:
            raise BadInput(exc.reason, position) from exc
        raise


# --------------------------------------------------------------------------- HTML

_BLOCK = frozenset({"p", "div", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol"})
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_TRIM_NL = re.compile(r" *\n *")
_MANY_NL = re.compile(r"\n{3,}")


class _TextExtractor(HTMLParser):
    """Collects text; ``<br>`` becomes a line break, block elements become paragraphs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        # Source newlines inside HTML are layout, not content (only <br> and <p> break lines).
        self.parts.append(_SPACES.sub(" ", data))


def looks_like_html(s: str) -> bool:
    """True when ``s`` holds tags or character references."""
    return "<" in s or "&" in s


def html_to_text(s: str) -> str:
    """Plain text from an HTML fragment: paragraphs separated by a blank line, ``<br>`` as a
    line break, entities unescaped, other tags dropped."""
    if not looks_like_html(s):
        return s.strip()
    parser = _TextExtractor()
    try:
        parser.feed(s)
        parser.close()
    except Exception:  # noqa: BLE001 - HTMLParser is lenient; this is a last resort
        return html.unescape(re.sub(r"<[^>]*>", " ", s)).strip()
    text = "".join(parser.parts)
    text = _TRIM_NL.sub("\n", text)
    return _MANY_NL.sub("\n\n", text).strip()


def unescape(s: str) -> str:
    """``&amp;``, ``&lt;``, ``&gt;`` … to characters (X escapes these in plain text)."""
    return html.unescape(s) if "&" in s else s


# --------------------------------------------------------------------------- time

_GERMAN = re.compile(
    r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?:[ ,T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?: ?Uhr)?"
)


def _fmt(dt: datetime) -> str:
    u = dt.astimezone(UTC)
    return f"{u.year:04d}-{u:%m-%dT%H:%M:%S}Z"  # %Y gives "999", not "0999", on glibc


def _epoch(n: int) -> str:
    # Seconds up to year 5138, then milliseconds, then microseconds.
    if n > 10**14:
        n //= 1_000_000
    elif n > 10**11:
        n //= 1000
    return _fmt(_EPOCH + timedelta(seconds=n))


def parse_time(value: Any, naive_tz: ZoneInfo = BERLIN) -> str | None:
    """Any timestamp of the supported exports as UTC ``YYYY-MM-DDTHH:MM:SSZ``.

    Accepts ISO-8601 (``Z``, ``+0000``, ``+02:00``, with or without fraction), epoch seconds or
    milliseconds (int or digit string) and German ``TT.MM.JJJJ HH:MM[:SS]``. Naive times are
    read in ``naive_tz`` (Europe/Berlin); in the autumn hour that occurs twice the first (summer
    time) reading wins. ``None`` and ``""`` give ``None``.
    """
    if value is None:
        return None
    try:
        if isinstance(value, bool):
            raise BadInput(f"ungültige Zeitangabe: {value!r}")
        if isinstance(value, int):
            return _epoch(value)
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                raise BadInput(f"ungültige Zeitangabe: {value!r}")
            return _epoch(int(value))
        if not isinstance(value, str):
            raise BadInput(f"ungültige Zeitangabe ({type(value).__name__})")
        s = value.strip()
        if not s:
            return None
        if len(s) == 20 and s[10] == "T" and s[19] == "Z":
            datetime.fromisoformat(s)  # validates; already canonical
            return s
        if (n := plain_int(s)) is not None:
            return _epoch(n)
        m = _GERMAN.fullmatch(s)
        if m:
            d, mo, y, h, mi, sec = m.groups()
            year = int(y) + (2000 if len(y) == 2 else 0)
            dt = datetime(year, int(mo), int(d), int(h or 0), int(mi or 0), int(sec or 0))
        else:
            dt = datetime.fromisoformat(s)
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=naive_tz)
        return _fmt(dt)
    except BadInput:
        raise
    except (ValueError, OverflowError, OSError):
        raise BadInput(f"ungültige Zeitangabe: {str(value)[:40]!r}") from None


# --------------------------------------------------------------------------- values


def to_id(value: Any, what: str = "ID") -> str | None:
    """An id as a string; ints keep every digit. Floats are refused: they have lost digits."""
    if value is None:
        return None
    if isinstance(value, str):
        s = value.strip()
        return s or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise BadInput(f"ungültige {what} ({type(value).__name__})")


INT_LIMIT = 10**18  # counts beyond this are no counts (and would overflow SQLite's integers)


def to_int(value: Any, what: str = "Zahl") -> int | None:
    """A count: int, integral float or digit string; ``None``/``""`` give ``None``."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise BadInput(f"ungültige {what}: {value!r}")
    if isinstance(value, float) and value.is_integer() and abs(value) < INT_LIMIT:
        value = int(value)
    if isinstance(value, int):
        if abs(value) >= INT_LIMIT:
            raise BadInput(f"ungültige {what} (zu groß): {str(value)[:40]!r}")
        return value
    if isinstance(value, str):
        if not value.strip():
            return None
        n = plain_int(value, signed=True)
        if n is not None:
            return n
    raise BadInput(f"ungültige {what}: {str(value)[:40]!r}")


def to_text(value: Any, what: str = "Text") -> str | None:
    """A string field or ``None``; other types are a malformed file."""
    if value is None or isinstance(value, str):
        return value
    raise BadInput(f"ungültiger {what} ({type(value).__name__})")


def obj(value: Any, what: str) -> dict[str, Any]:
    """A JSON object field; ``None`` gives ``{}``."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    raise BadInput(f"{what} ist kein Objekt ({type(value).__name__})")


def arr(value: Any, what: str) -> list[Any]:
    """A JSON list field; ``None`` gives ``[]``."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    raise BadInput(f"{what} ist keine Liste ({type(value).__name__})")


def dicts(value: Any, what: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """The objects of a list field with their index; a non-object entry is a malformed file."""
    for i, item in enumerate(arr(value, what)):
        if not isinstance(item, dict):
            raise BadInput(f"{what}[{i}] ist kein Objekt", f"{what}[{i}]")
        yield i, item


def stable_id(*parts: str | None) -> str:
    """A synthetic comment id from what identifies a comment when the source gives none.
    ``h`` marks it as synthetic; the same comment in another file gets the same id."""
    joined = "\x1f".join(p or "" for p in parts)
    return "h" + hashlib.blake2b(joined.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


# --------------------------------------------------------------------------- secrets

SECRET_KEYS = frozenset(
    {
        "access_token", "accesstoken", "refresh_token", "id_token", "oauth_token", "bearer_token",
        "appsecret_proof", "client_secret", "api_key", "apikey", "authorization", "password",
    }
)
# Plain substring tests: a case-insensitive regex is ten times slower on non-ASCII text.
_SECRET_HINTS = ("oken", "OKEN", "ecret", "ECRET", "key=", "KEY=", "earer", "EARER", "assword", "uthoriz")
_SECRET_PARAM = re.compile(
    r"([?&])(?:access_token|refresh_token|oauth_token|appsecret_proof|client_secret|api_key|key|token)"
    r"=[^&#\s\"'<>]*(&?)",
    re.I,
)
_BEARER = re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{8,}")


def may_hold_secret(s: str) -> bool:
    """Cheap pre-check so hot loops only scrub rows that could contain a token."""
    return any(hint in s for hint in _SECRET_HINTS)


def _scrub_str(s: str) -> str:
    s = _SECRET_PARAM.sub(lambda m: m.group(1) if m.group(2) else "", s)
    return _BEARER.sub("Bearer [entfernt]", s)


def scrub(value: Any) -> Any:
    """A copy of ``value`` without access tokens: secret keys are dropped, token parameters
    are cut out of URLs, ``Bearer …`` values are blanked."""
    if isinstance(value, dict):
        return {
            k: scrub(v)
            for k, v in value.items()
            if not (isinstance(k, str) and k.lower() in SECRET_KEYS)
        }
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, str) and may_hold_secret(value):
        return _scrub_str(value)
    return value


def raw_without(item: dict[str, Any], *edges: str) -> dict[str, Any]:
    """``item`` scrubbed, with embedded child lists (replies, comments) reduced to their
    envelope: the children are records of their own."""
    out = scrub(item)
    for edge in edges:
        sub = out.get(edge)
        if isinstance(sub, dict) and "data" in sub:
            out[edge] = {k: v for k, v in sub.items() if k != "data"}
        elif isinstance(sub, dict) and "comments" in sub:
            out[edge] = {k: v for k, v in sub.items() if k != "comments"}
    return out



def path(item: Any, *keys: str) -> Any:
    """``item[k1][k2]…`` or ``None`` when a level is missing or not an object."""
    for k in keys:
        if not isinstance(item, dict):
            return None
        item = item.get(k)
    return item


def check_unicode(value: Any) -> None:
    """Refuse lone surrogates (``"\\ud800"`` escapes in JSON): such text cannot be stored."""
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                raise BadInput("ungültiges Unicode-Zeichen (einzelnes Surrogat)") from None
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
