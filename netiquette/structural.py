"""Structural checks that no word list can do: personal data, links, shouting, floods.

Each check takes the ORIGINAL comment text and returns hits ``(start, end, why)``; a cheap
gate (a character test) runs before any regex so clean comments pay almost nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

Hit = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Context:
    """Settings the checks need: domains that never count as external links."""

    allow_domains: Collection[str] = ()


_DIGITS = re.compile(r"\d")
_PHONE = re.compile(
    r"(?<![\w+/.,])(?:\+49|0049|\(0\d{2,5}\)|0)[\s/-]?(?:\(0?\)\s?)?\d{2,5}(?:[\s/-]?\d{2,}){1,4}"
    r"(?![\w.,]\d|\d|\s?(?:€|euro|eur|uhr|prozent|%))",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}")
_EMAIL_TAIL = re.compile(r"@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}")  # gate: starts with a literal
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b")
_ADDRESS = re.compile(
    r"\b[A-ZÄÖÜ][\wäöüß.-]*(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee)"
    r"\s+\d{1,4}\s?[a-zA-Z]?,?\s+\d{5}\s+[A-ZÄÖÜ][\wäöüß-]+"
)
_STREET_SUFFIXES = ("straße", "strasse", "str.", "weg", "gasse", "platz", "allee", "ring", "damm",
                    "ufer", "chaussee")  # one of them is in every match of _ADDRESS
_PLATE = re.compile(
    r"(?:kennzeichen|nummernschild)\W{1,3}([A-ZÄÖÜ]{1,3}[- ][A-Z]{1,2} ?\d{1,4}[EH]?)\b"
    r"|\b([A-ZÄÖÜ]{1,3}-[A-Z]{1,2} \d{1,4}[EH]?)\b",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+|(?<![@\w.-])[a-z0-9-]+\.(?:de|com|net|org|info|ru|io"
                  r"|ly|me|gl|co|eu|biz|xyz|link|to)(?:/[^\s<>\"']*)?(?![\w.])", re.IGNORECASE)
_SHORTENERS = frozenset({
    "bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly", "cutt.ly",
    "rb.gy", "shorturl.at", "tiny.cc", "t.ly", "rebrand.ly", "s.id", "lnkd.in",
})
_HOST = re.compile(r"^(?:https?://)?(?:www\.)?([^/:?#]+)", re.IGNORECASE)
_EMOJI = re.compile(r"[\u2600-\u27bf\U0001f000-\U0001faff]")
_EXCLAIM = re.compile(r"[!?]{3,}")
_LETTERS = re.compile(r"[^\W\d_]")
_UPPER = re.compile(r"[A-ZÄÖÜ]")
_UPPER_RUN = re.compile(r"[A-ZÄÖÜ]{4}")
_UPPER_BYTES = "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ".encode("latin-1")
_SENTENCE = re.compile(r"[^.!?\n]{12,}[.!?\n]?")


def _iban_ok(raw: str) -> bool:
    iban = raw.replace(" ", "").upper()
    if not 15 <= len(iban) <= 34:
        return False
    digits = "".join(str(int(c, 36)) for c in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


_DIGIT_RUN = re.compile(r"\d+")
_DIGIT_BYTES = bytes(c if 48 <= c <= 57 else 32 for c in range(256))
# Latin-1 byte -> "0" for a digit, "A" for A-Z, else a space: "AA00" marks an IBAN start.
_IBAN_BYTES = bytes(48 if 48 <= c <= 57 else 65 if 65 <= c <= 90 else 32 for c in range(256))
_last_runs: tuple[str, list[str], bytes | None] = ("", [], None)


def digit_runs(text: str) -> list[str]:
    """Runs of decimal digits, in order: the gate of the number checks.

    Remembers the last text (the checks of one comment ask in turn).
    """
    global _last_runs
    last = _last_runs  # one read: another thread may replace it between two
    if last[0] is text:
        return last[1]
    encoded = text.encode("latin-1", "ignore")
    raw = encoded if len(encoded) == len(text) else None
    if raw is not None:
        # Latin-1 has no decimal digits besides 0-9: keep the digits, split at the rest.
        runs = raw.translate(_DIGIT_BYTES).decode("latin-1").split()
    else:
        runs = _DIGIT_RUN.findall(text)
    _last_runs = (text, runs, raw)
    return runs


def _could_be_phone(text: str, runs: list[str]) -> bool:
    # A match has >= 7 digits and starts at a digit run beginning with 0, or with "+49".
    if sum(map(len, runs)) < 7:
        return False
    return "+49" in text or any(r[0] == "0" for r in runs)


# An IBAN match starts with two letters A-Z directly before a run of at least two digits.
_IBAN_START = re.compile(r"[A-Z]{2}\d\d")


def _could_be_iban(text: str, runs: list[str]) -> bool:
    if not runs:
        return False
    last = _last_runs
    raw = last[2] if last[0] is text else None
    if raw is not None:  # Latin-1 text: the same test on bytes, without a regex scan
        return b"AA00" in raw.translate(_IBAN_BYTES)
    return _IBAN_START.search(text) is not None


# Every match of _PHONE starts with one of these characters ("+49", "0049", "(0…)", "0").
_PHONE_START = re.compile(r"[+(0]")


def _phone_matches(text: str) -> list[re.Match[str]]:
    """``list(_PHONE.finditer(text))``, trying only the positions where a match can start
    (the look-behind still sees the text before them)."""
    out = []
    end = 0
    match = _PHONE.match
    for c in _PHONE_START.finditer(text):
        pos = c.start()
        if pos >= end and (m := match(text, pos)) is not None:
            out.append(m)
            end = m.end()
    return out


def phone(text: str, ctx: Context) -> list[Hit]:
    """German phone numbers (0…, +49…, 0049…) with at least 7 digits; not prices or times."""
    runs = digit_runs(text)
    if not _could_be_phone(text, runs):
        return []
    hits = []
    ibans: list[tuple[int, int]] | None = None
    for m in _phone_matches(text):
        digits = sum(map(str.isdigit, m.group()))
        if 7 <= digits <= 15:
            if ibans is None:
                ibans = [(i.start(), i.end()) for i in _IBAN.finditer(text)] \
                    if _could_be_iban(text, runs) else []
            if any(s <= m.start() < e for s, e in ibans):
                continue
            hits.append((m.start(), m.end(), "Telefonnummer erkannt"))
    return hits


def email(text: str, ctx: Context) -> list[Hit]:
    """E-mail addresses."""
    if "@" not in text or not _EMAIL_TAIL.search(text):
        return []
    return [(m.start(), m.end(), "E-Mail-Adresse erkannt") for m in _EMAIL.finditer(text)]


def iban(text: str, ctx: Context) -> list[Hit]:
    """IBANs whose mod-97 checksum is valid."""
    if not _could_be_iban(text, digit_runs(text)):
        return []
    return [(m.start(), m.end(), "IBAN mit gültiger Prüfsumme erkannt")
            for m in _IBAN.finditer(text) if _iban_ok(m.group())]


def _street_then_number(text: str) -> bool:
    """Whether a street suffix is followed by white space and a digit somewhere, as in every
    match of _ADDRESS (``\\s`` is ``str.isspace``, ``\\d`` is ``str.isdecimal``)."""
    size = len(text)
    for suffix in _STREET_SUFFIXES:
        i = text.find(suffix)
        while i >= 0:
            j = i + len(suffix)
            if j < size and text[j].isspace():
                while j < size and text[j].isspace():
                    j += 1
                if j < size and text[j].isdecimal():
                    return True
            i = text.find(suffix, i + 1)
    return False


def address(text: str, ctx: Context) -> list[Hit]:
    """Street, house number, postcode and town ("Hauptstraße 5, 12345 Musterstadt")."""
    if not any(len(r) >= 5 for r in digit_runs(text)):  # needs a 5-digit postcode
        return []
    if not _street_then_number(text):
        return []
    return [(m.start(), m.end(), "Postanschrift mit Hausnummer und PLZ erkannt")
            for m in _ADDRESS.finditer(text)]


def plate(text: str, ctx: Context) -> list[Hit]:
    """Licence plates ("M-AB 1234", or after the word "Kennzeichen")."""
    if "-" not in text and "ennzeichen" not in text and "ummernschild" not in text:
        return []
    if not digit_runs(text):  # both alternatives end in a number
        return []
    hits = []
    for m in _PLATE.finditer(text):
        group = 1 if m.group(1) else 2
        hits.append((m.start(group), m.end(group), "Kfz-Kennzeichen erkannt"))
    return hits


_last_urls: tuple[str, Collection[str], list[tuple[int, int, str]]] = ("", (), [])


def _urls(text: str, ctx: Context) -> list[tuple[int, int, str]]:
    global _last_urls
    if "." not in text:
        return []
    # url, shortener and link_only all need the links of the same comment: compute once.
    last = _last_urls  # one read: another thread may replace it between two
    if last[0] is text and last[1] is ctx.allow_domains:
        return last[2]
    out: list[tuple[int, int, str]] = []
    if not _may_have_url(text):
        _last_urls = (text, ctx.allow_domains, out)
        return out
    for m in _URL.finditer(text):
        host_m = _HOST.match(m.group())
        host = host_m.group(1).lower() if host_m else ""
        if any(host == d or host.endswith("." + d) for d in ctx.allow_domains):
            continue
        out.append((m.start(), m.end(), host))
    _last_urls = (text, ctx.allow_domains, out)
    return out


_TLDS = ("de", "com", "net", "org", "info", "ru", "io", "ly", "me", "gl", "co", "eu", "biz",
         "xyz", "link", "to")
_URL_GATE = re.compile(r"https?://|www\.|\.(?:" + "|".join(_TLDS) + ")", re.IGNORECASE)


def _may_have_url(text: str) -> bool:
    """Cheap, exact gate for :data:`_URL`: every match contains ``http``, ``www.`` or ``.tld``."""
    low = text.lower()
    if "http" in low or "www." in low:
        return True
    if "ı" in low or "\u0307" in low or "ſ" in low:  # letters IGNORECASE treats specially
        return _URL_GATE.search(text) is not None
    i = low.find(".")
    while i >= 0:
        if low.startswith(_TLDS, i + 1):
            return True
        i = low.find(".", i + 1)
    return False


def url(text: str, ctx: Context) -> list[Hit]:
    """Links to domains outside the allowlist."""
    return [(s, e, f"externer Link auf {host}") for s, e, host in _urls(text, ctx)]


def shortener(text: str, ctx: Context) -> list[Hit]:
    """Links through URL shorteners, which hide the real target."""
    return [(s, e, f"Kurzlink-Dienst {host}") for s, e, host in _urls(text, ctx)
            if host in _SHORTENERS]


def link_only(text: str, ctx: Context) -> list[Hit]:
    """Comments that are nothing but links (plus a few characters)."""
    links = _urls(text, ctx)
    if not links:
        return []
    rest = len(_LETTERS.findall(text)) - sum(len(_LETTERS.findall(text[s:e])) for s, e, _ in links)
    if rest > 15:
        return []
    return [(s, e, "Kommentar besteht nur aus Link(s)") for s, e, _ in links]


def caps(text: str, ctx: Context) -> list[Hit]:
    """Shouting: at least 20 letters and 70 % of them upper case."""
    if len(text) < 20:
        return []
    # At least 14 of [A-ZÄÖÜ] are needed (70 % of 20 letters): count them on Latin-1 bytes.
    raw = text.encode("latin-1", "ignore")
    if len(raw) - len(raw.translate(None, _UPPER_BYTES)) < 14 or not _UPPER_RUN.search(text):
        return []
    letters = _LETTERS.findall(text)
    if len(letters) < 20:
        return []
    upper = len(_UPPER.findall(text))
    if upper / len(letters) < 0.7:
        return []
    return [(0, len(text), f"{round(100 * upper / len(letters))} % Großbuchstaben")]


def exclaim(text: str, ctx: Context) -> list[Hit]:
    """Runs of three or more ! or ?."""
    if "!!" not in text and "??" not in text and "!?" not in text and "?!" not in text:
        return []
    return [(m.start(), m.end(), "Satzzeichen-Kette") for m in _EXCLAIM.finditer(text)]


def emoji_flood(text: str, ctx: Context) -> list[Hit]:
    """Ten or more emoji making up over half of the visible characters."""
    if text.isascii():
        return []
    visible = len(text) - text.count(" ")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))  # emoji are among these
    if non_ascii < 10 or non_ascii * 2 < visible:
        return []
    found = list(_EMOJI.finditer(text))
    if len(found) < 10 or len(found) * 2 < visible:
        return []
    return [(found[0].start(), found[-1].end(), f"{len(found)} Emoji")]


def repeat(text: str, ctx: Context) -> list[Hit]:
    """Copy-paste flooding inside one comment: the same sentence three or more times."""
    if len(text) < 40:
        return []
    # Three sentences need two terminators between them; then count cheaply before spans.
    if sum(map(text.count, ".!?\n")) < 2:
        return []
    # The sentences _SENTENCE finds are the runs of at least 12 characters between
    # terminators (each with its terminator, which the key strips): split instead of scanning.
    counts: dict[str, int] = {}
    # (str.replace, not str.translate: translate takes a slow path for non-ASCII text.)
    for s in text.replace(".", "\n").replace("!", "\n").replace("?", "\n").split("\n"):
        if len(s) >= 12:
            key = s.strip(" .!?\n").lower()
            if len(key) >= 12:
                counts[key] = counts.get(key, 0) + 1
    if not counts or max(counts.values()) < 3:
        return []
    seen: dict[str, list[tuple[int, int]]] = {}
    for m in _SENTENCE.finditer(text):
        key = m.group().strip(" .!?\n").lower()
        if len(key) >= 12:
            seen.setdefault(key, []).append((m.start(), m.end()))
    for spans in seen.values():
        if len(spans) >= 3:
            return [(s, e, f"{len(spans)}× derselbe Satz") for s, e in spans]
    return []


CHECKS: dict[str, Callable[[str, Context], list[Hit]]] = {
    "phone": phone, "email": email, "iban": iban, "address": address, "plate": plate,
    "url": url, "shortener": shortener, "link_only": link_only, "caps": caps,
    "exclaim": exclaim, "emoji_flood": emoji_flood, "repeat": repeat,
}
