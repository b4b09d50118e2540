"""Text normalisation against evasion, with a map back to offsets in the original text.

The matcher works on a folded copy of the comment. Most comments only need a 1:1 fold
(lower case, homoglyphs, fullwidth and mathematical letters to Latin), done by
``str.translate`` so that offsets stay identical. Only comments carrying evasion markers
(zero-width characters, soft hyphens, combining marks, letters split by separators) take the
slow path, which builds an explicit offset list. Leetspeak, umlaut/ß variants, repeated
letters and masks are handled by the term patterns (see :mod:`netiquette.terms`), so they
never change lengths here.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from .model import Value

# Cyrillic and Greek letters that look like Latin ones (lower case; upper case is lowered first).
_CONFUSABLES = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
    "ɡ": "g", "һ": "h", "ո": "n", "ս": "u", "ԛ": "q", "ԝ": "w", "ı": "i",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ς": "s", "ω": "w", "μ": "u",
}
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u2061\u2062\u2063\u2064"
_SEPARATORS = r"[\s.\-_·•*~+/|:,\ufe0f]|[\u2600-\u27bf\U0001f300-\U0001faff]"


def _build_fold() -> dict[int, str]:
    table: dict[int, str] = {}
    ranges = [(0xFF01, 0xFF5E), (0x1D400, 0x1D7FF), (0x24B6, 0x24E9), (0x1F130, 0x1F189)]
    for lo, hi in ranges:
        for cp in range(lo, hi + 1):
            folded = unicodedata.normalize("NFKC", chr(cp)).lower()
            if len(folded) == 1 and folded != chr(cp):
                table[cp] = folded
    for cp in range(0x1F130, 0x1F18A):  # squared/negative squared letters have no NFKC form
        offset = (cp - 0x1F130) % 26
        table.setdefault(cp, chr(ord("a") + offset))
    for src, dst in _CONFUSABLES.items():
        table[ord(src)] = dst
        upper = src.upper()
        if len(upper) == 1:
            table[ord(upper)] = dst
    table[ord("ſ")] = "s"
    return table


FOLD = _build_fold()
# Evasion markers that need the slow path: invisible characters, combining marks, and runs of
# at least three single letters split by separators ("I d i o t", "I.d.i.o.t", "I🤬d🤬i…").
_SLOW_CHARS = re.compile(f"[{_INVISIBLE}\u0300-\u036f]")
# Emoji wedged inside a word ("Arsch🤬loch") are dropped like invisible characters.
_EMOJI_IN_WORD = re.compile(r"(?<=[^\W\d_])[\u2600-\u27bf\U0001f300-\U0001faff\ufe0f]+(?=[^\W\d_])")
_SPLIT_RUN = re.compile(r"\b[^\W\d_]\b(?:\W{1,4}\b[^\W\d_]\b){2,}")
# Characters the FOLD table changes (Cyrillic/Greek look-alikes, fullwidth, math, enclosed).
_FOLDABLE = re.compile(
    "[\u0131\u017f\u0250-\u02ff\u0370-\u052f\u2460-\u24ff\uff01-\uff5e"
    "\U0001d400-\U0001d7ff\U0001f130-\U0001f189]"
)
_SEP_CHAR = re.compile(_SEPARATORS)
# One tokenisation for rules, model and templates: words with leet and mask characters, and
# runs of ! and ?.
TOKEN = re.compile(r"[\w@$€*#]+|[!?]+")
# Latin-1 byte -> itself if it can be part of a TOKEN, else a space (see _latin1_tokens).
_TOKEN_BYTES = bytes(c if re.fullmatch(r"[\w@$€*#!?]", chr(c)) else 32 for c in range(256))


class Normalized(Value):
    """A folded comment: ``text`` to match on, and ``offsets[i]`` = original index of char i.

    ``offsets`` is ``None`` when folding kept every character in place (the common case).
    """

    FIELDS = ("original", "text", "offsets")

    def __init__(self, original: str, text: str, offsets: tuple[int, ...] | None = None) -> None:
        self.original: Final = original
        self.text: Final = text
        self.offsets: Final = offsets

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of :attr:`text` to the corresponding span of :attr:`original`."""
        if self.offsets is None:
            return start, end
        if start >= len(self.offsets):
            return len(self.original), len(self.original)
        last = self.offsets[end - 1] if end > start else self.offsets[start]
        # A folded character may stem from a multi-char original (or vice versa): end after it.
        return self.offsets[start], last + 1


def fold_char(ch: str) -> str:
    """Fold one character: NFKC, lower case, homoglyphs; keeps ä/ö/ü/ß (terms handle them)."""
    out = unicodedata.normalize("NFKC", ch).lower().translate(FOLD)
    return unicodedata.normalize("NFC", out)


def normalize(text: str) -> Normalized:
    """Fold ``text`` for matching; see the module docstring for what is folded where."""
    return normalize_tokens(text)[0]


def normalize_tokens(text: str) -> tuple[Normalized, list[str] | None]:
    """:func:`normalize`, plus the :data:`TOKEN` tokens of the folded text when the fast
    path computed them on the way (``None`` otherwise); the checker reuses them."""
    folded = text.lower()
    if len(folded) == len(text):
        if folded.isascii():
            toks = _latin1_tokens(folded, folded.encode("ascii"))
            if _no_split_run(folded, toks, _no_odd_latin1(folded)):
                return Normalized(text, folded), toks
            return _slow(text), None
        raw = folded.encode("latin-1", "ignore")
        if len(raw) == len(folded):
            toks = _latin1_tokens(folded, raw)
            # Up to U+00FF only the soft hyphen is special, and there are no emoji.
            plain = "\u00ad" not in folded
            odd_free = _no_odd_latin1(folded)
        else:
            toks = TOKEN.findall(folded)
            plain = not _SPECIAL.search(folded) and not _emoji_in_word(folded)
            odd_free = False
        if plain and _no_split_run(folded, toks, odd_free):
            # No foldable, invisible, combining or NFKC-unstable character: lower() is the fold.
            return Normalized(text, folded), toks
    elif folded.isascii():
        return _slow(text), None
    if _FOLDABLE.search(folded):
        folded = folded.translate(FOLD)
    if (
        len(folded) == len(text)
        and not _SLOW_CHARS.search(text)
        and not _SPLIT_RUN.search(folded)
        and (folded.isascii() or not _EMOJI_IN_WORD.search(folded))
        and not _needs_nfkc(folded)
    ):
        return Normalized(text, folded), None
    return _slow(text), None


def _latin1_tokens(folded: str, raw: bytes) -> list[str]:
    """``TOKEN.findall(folded)`` for text up to U+00FF (``raw`` is it in Latin-1): every
    character outside the token classes becomes a space, then split; chunks mixing word
    characters with ``!``/``?`` are split by the regex."""
    chunks = raw.translate(_TOKEN_BYTES).decode("latin-1").split()
    if "!" not in folded and "?" not in folded:
        return chunks
    out: list[str] = []
    for chunk in chunks:
        if ("!" in chunk or "?" in chunk) and chunk.strip("!?"):
            out.extend(TOKEN.findall(chunk))
        else:
            out.append(chunk)
    return out


def _no_odd_latin1(folded: str) -> bool:
    """Whether no token of a text up to U+00FF has a character besides letters, digits, ! and ?
    (in Latin-1, ``\\w`` is ``isalnum()`` plus "_")."""
    return "_" not in folded and "@" not in folded and "$" not in folded \
        and "*" not in folded and "#" not in folded


def _no_split_run(folded: str, toks: list[str], odd_free: bool = False) -> bool:
    """Same answer as ``not _SPLIT_RUN.search(folded)``, mostly from the tokens.

    A letter standing alone is a one-character token or sits in a token that has one of
    ``@$€*#`` (its neighbours are no word characters); a run needs three such letters.
    ``odd_free``: the caller knows that no token has such a character (see
    :func:`_no_odd_latin1`), so only one-character tokens are counted.
    """
    ones = 0
    for tok in toks:
        if not odd_free and not tok.isalnum() and tok.strip("!?"):
            return not _SPLIT_RUN.search(folded)
        if len(tok) == 1:
            ones += 1
    return ones < 3 or not _SPLIT_RUN.search(folded)


def _nfkc_unstable() -> re.Pattern[str]:
    # Blocks where NFKC changes letters in ways evaders use (ligatures, super/subscripts,
    # letterlike symbols, circled digits, halfwidth forms); built once at import.
    blocks = [(0x2B0, 0x2FF), (0x1D00, 0x1DBF), (0x2070, 0x218F), (0x2460, 0x24FF),
              (0xFB00, 0xFB4F), (0xFF5F, 0xFFEF)]
    chars = [
        chr(cp) for lo, hi in blocks for cp in range(lo, hi + 1)
        if unicodedata.normalize("NFKC", chr(cp)) != chr(cp) and cp not in FOLD
    ]
    return re.compile("[" + re.escape("".join(chars)) + "]")


_NFKC_UNSTABLE = _nfkc_unstable()
# One character class for the fast path: anything FOLD, the slow path or NFKC would change.
# (With equal lengths, lower() maps character by character and keeps these classes apart.)
_SPECIAL = re.compile(
    "[" + _FOLDABLE.pattern[1:-1] + _SLOW_CHARS.pattern[1:-1] + _NFKC_UNSTABLE.pattern[1:-1] + "]"
)
# Whole runs only: a look-ahead after ``+`` would backtrack through a long run at every start
# position (quadratic on a comment of 100,000 emoji).
_EMOJI_RUN = re.compile(r"[\u2600-\u27bf\U0001f300-\U0001faff\ufe0f]+")
_LETTER = re.compile(r"[^\W\d_]")


def _emoji_in_word(folded: str) -> bool:
    """Same answer as ``_EMOJI_IN_WORD.search(folded)``, without a look-behind per position."""
    for m in _EMOJI_RUN.finditer(folded):
        start, end = m.span()
        if start and _LETTER.match(folded, start - 1) and _LETTER.match(folded, end):
            return True
    return False


def _needs_nfkc(folded: str) -> bool:
    return not folded.isascii() and _NFKC_UNSTABLE.search(folded) is not None


def _slow(text: str) -> Normalized:
    chars: list[str] = []
    offs: list[int] = []
    nfd_base: int | None = None
    for i, ch in enumerate(text):
        if ch in _INVISIBLE:
            continue
        if unicodedata.combining(ch):
            # Combine with the previous char (a + U+0308 -> ä); otherwise drop the mark.
            if chars and nfd_base is not None:
                merged = unicodedata.normalize("NFC", chars[-1] + ch)
                if len(merged) == 1:
                    chars[-1] = merged
            continue
        folded = fold_char(ch)
        for f in folded:
            chars.append(f)
            offs.append(i)
        nfd_base = len(chars) - 1 if folded else None
    joined = "".join(chars)
    drop: set[int] = set()
    for m in _EMOJI_IN_WORD.finditer(joined):
        drop.update(range(m.start(), m.end()))
    for m in _SPLIT_RUN.finditer(joined):
        for sep in _SEP_CHAR.finditer(joined, m.start(), m.end()):
            drop.add(sep.start())
    if drop:
        chars = [c for k, c in enumerate(chars) if k not in drop]
        offs = [o for k, o in enumerate(offs) if k not in drop]
        joined = "".join(chars)
    return Normalized(text, joined, tuple(offs))


def strip_mentions_urls(text: str) -> str:
    """Remove @mentions and URLs; used by the learned scorer and duplicate detection."""
    return _MENTION_URL.sub(" ", text)


_MENTION_URL = re.compile(r"@\w+|https?://\S+|www\.\S+|\|LBR\|")
