"""The speed paths of the checker give the same answers as the plain code they replace."""

from __future__ import annotations

import random

import pytest

from netiquette.index import TermEntry, TokenInfo
from netiquette.normalize import (
    TOKEN, _latin1_tokens, _no_odd_latin1, _no_split_run, _SPLIT_RUN, normalize,
)
from netiquette.ruleset import _chained_offsets, _hit_offsets
from netiquette.structural import (
    _ADDRESS, _DIGIT_RUN, _IBAN_START, _PHONE, Context, _could_be_iban, _phone_matches,
    _street_then_number, digit_runs, repeat,
)

_TRICKY = [
    "", "!!!", "Danke!!! Super?!", "a!b?c", "__init__ @stadt #tag $x €5 *innen",
    "Schei**e!", "I d i o t", "ä ö ü ß", "x\xad y", "µ ² ³ ¹ ¼ ½ ª º", "\x1c\x1d\x1e\x1f a",
    "\xa0\x85 a b", "n°1 – “zitat”",
]


def _random_texts(n: int, alphabet: list[str], seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 20))) for _ in range(n)]


def test_latin1_tokens_equal_the_token_regex() -> None:
    alphabet = [chr(c) for c in range(256)] + ["ab", " ", "!", "?"] * 10
    latin1 = [t for t in _TRICKY if len(t.encode("latin-1", "ignore")) == len(t)]
    for text in latin1 + _random_texts(3000, alphabet, 1):
        assert _latin1_tokens(text, text.encode("latin-1")) == TOKEN.findall(text), text


def test_split_run_gate_equals_the_regex() -> None:
    alphabet = ["a", "b", " ", ".", "-", "ab", "@", "*", "1", "!", "_", "🤬"]
    for text in _TRICKY + _random_texts(3000, alphabet, 2):
        assert _no_split_run(text, TOKEN.findall(text)) == (not _SPLIT_RUN.search(text)), text


def test_split_run_gate_without_odd_tokens_equals_the_regex() -> None:
    alphabet = [chr(c) for c in range(256)] + ["a", "b", " ", ".", "ab"] * 20
    for text in _TRICKY + _random_texts(3000, alphabet, 4):
        if len(text.encode("latin-1", "ignore")) == len(text) and _no_odd_latin1(text):
            toks = TOKEN.findall(text)
            assert _no_split_run(text, toks, True) == (not _SPLIT_RUN.search(text)), text


def test_digit_runs_and_iban_gate_equal_their_regexes() -> None:
    alphabet = [chr(c) for c in range(256)] + ["DE", "AT", "12", "0", "٣", "😀", " "] * 8
    for text in _TRICKY + _random_texts(4000, alphabet, 5):
        runs = digit_runs(text)
        assert runs == _DIGIT_RUN.findall(text), text
        assert _could_be_iban(text, runs) == (bool(runs) and bool(_IBAN_START.search(text)))


def test_fast_normalisation_keeps_offsets_identity_only_where_safe() -> None:
    assert normalize("Äpfel für 3,50 €").offsets is None
    assert normalize("I d i o t").text == "idiot"
    assert normalize("Idi\xadot").text == "idiot"


def test_phone_candidates_find_what_finditer_finds() -> None:
    alphabet = ["0", "0", "1", "7", " ", "/", "-", "+49", "0049", "(0", ")", "(", " euro",
                " uhr", "%", ".", ",", "a"]
    for text in _random_texts(5000, alphabet, 3):
        assert [m.span() for m in _phone_matches(text)] == \
            [m.span() for m in _PHONE.finditer(text)], text


@pytest.mark.parametrize("text", [
    "Lindenallee 12, 54321 Musterstadt", "Hauptstraße\u00a05a  12345 Ödingen",
    "Am Ring\n7, 12345 Berlin", "dringend 12345 Euro",
])
def test_address_gate_passes_every_address(text: str) -> None:
    if _ADDRESS.search(text):
        assert _street_then_number(text)


def test_repeated_sentences_still_found() -> None:
    flood = "Stoppt den Bau jetzt! " * 3
    assert len(repeat(flood, Context())) == 3
    assert repeat("Stoppt den Bau jetzt. Stoppt den Bau jetzt? Anderes hier!", Context()) == []


def test_hit_offsets_match_the_chain_or_defer_to_it() -> None:
    entry = TermEntry("R", "x", "t")
    rnd = random.Random(4)
    alphabet = ["ab", "a", "b", "ba", " ", "!", "@", "_", "-", "c"]
    for text in _random_texts(5000, alphabet, 5):
        toks = TOKEN.findall(text)
        kinds = {}
        for tok in set(toks):
            r = rnd.random()
            kinds[tok] = (TokenInfo(hits=((0, len(tok), entry),), special=True) if r < 0.4
                          else TokenInfo(triggers=(1,), special=True) if r < 0.7 else TokenInfo())
        infos = [kinds[t] for t in toks]
        hit_toks = [(t, i) for t, i in zip(toks, infos) if i.hits]
        fast = _hit_offsets(text, hit_toks)
        if fast is not None:
            assert fast == _chained_offsets(text, toks, infos), text
