"""Municipal development corpus: what community managers see every day must not be flagged,
insults and threats must be, by a rule that fits.

``municipal_corpus.tsv`` holds the categorised texts of ``cm_tui/demo/corpus.py`` and
``storm.py`` plus sentences written for this test ("extra.*"). Benign rows marked ``train``
are also training data of the model (``python -m netiquette.train … --augment``); rows marked
``holdout`` never are.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from netiquette import RuleSet

HERE = Path(__file__).parent


def _rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in (HERE / "municipal_corpus.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            expect, split, category, text = line.split("\t")
            rows.append((expect, split, category, text))
    return rows


ROWS = _rows()

# Known failures (held-out rows, reported, not hidden): strict, so a fix shows up here.
KNOWN = {
    # model: "Wahnsinn", "grünen", "stoppt" – a shouting campaign, but no insult
    "STOPPT DEN RADWEG-WAHNSINN! Die Hauptstraße gehört den Bürgern, nicht der grünen "
    "Verbotspolitik. Wir lassen uns das nicht gefallen! #HauptstraßeBleibt",
    # model: "Schwester" carries weight from the tweets
    "Meine Schwester und ihre Kinder ziehen nächsten Monat hierher.",
    # could as well be a friendly warning; no pattern without false flags
    "Pass auf, wenn du nachts allein nach Hause gehst.",
}


def _params(rows: list[tuple[str, str]]) -> list[object]:
    return [pytest.param(*r, marks=pytest.mark.xfail(strict=True, reason="bekannter Fehler"))
            if r[1] in KNOWN else r for r in rows]


def _flags(rs: RuleSet, text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.rule_id, f.matched) for f in rs.check(text).findings if rs.rules[f.rule_id].flag]


@pytest.mark.parametrize("category,text", _params([(c, t) for e, _, c, t in ROWS if e == "ok"]))
def test_benign_municipal_comments_are_not_flagged(rs: RuleSet, category: str, text: str) -> None:
    assert not rs.check(text).flagged, (category, _flags(rs, text))


@pytest.mark.parametrize("expect,text", _params([(e, t) for e, _, _, t in ROWS if e != "ok"]))
def test_insults_and_threats_are_flagged_by_a_fitting_rule(rs: RuleSet, expect: str,
                                                           text: str) -> None:
    result = rs.check(text)
    assert result.flagged, text
    fired = {rid for rid, _ in _flags(rs, text)}
    assert fired & set(expect.split("|")), (expect, _flags(rs, text))


def test_corpus_has_both_splits_and_enough_rows() -> None:
    benign = [r for r in ROWS if r[0] == "ok"]
    assert len(benign) >= 300
    assert {r[1] for r in benign} == {"train", "holdout"}
    assert len(ROWS) - len(benign) >= 35


# -- the mechanisms behind the corpus ------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Bei Minute 2:15 sieht man es.", "Die Feuerwehr kam 20 Minuten zu spät.",
    "Ging in 5 Minuten.", "Ich bin echt sauer.", "Herr Sauer vom Bauamt war freundlich.",
    "Die Nuten im Pflaster sind zu breit.", "Wie ist das mit Geschwisterkindern?",
    "welche schulabschluss braucht man",
])
def test_short_or_inner_term_matches_need_the_exact_letters(rs: RuleSet, text: str) -> None:
    # "…nute(n)" inside a word is not "Nutte" (a double letter dropped + inflection), and
    # "sau" + "er" is not the insult "Sau"; nor do function words drive the model.
    assert not rs.check(text).flagged, _flags(rs, text)


@pytest.mark.parametrize("text,expected", [
    ("Du Sau", "Sau"), ("Ihr Nutten", "Nutten"), ("Du Drecksnutte", "nutte"),
    ("Was für ein A*loch", "A*loch"), ("Ihr 1d10ten", "1d10ten"), ("Drecksp4ck", "Drecksp4ck"),
    ("Ihr I d i o t e n", "I d i o t e n"), ("A.r.s.c.h.l.ö.c.h.e.r!!!", "A.r.s.c.h.l.ö.c.h.e.r"),
    ("Vollpf0sten", "Vollpf0sten"), ("Ihr Hurens*hne", "Hurens*hne"), ("Du Volidiot", "Volidiot"),
    ("Iiidiooot!", "Iiidiooot"), ("Ihr seid Parasiten", "Parasiten"),
])
def test_evasions_and_compounds_are_still_found(rs: RuleSet, text: str, expected: str) -> None:
    finding = next((f for f in rs.check(text).findings if f.rule_id == "R05"), None)
    assert finding is not None, _flags(rs, text)
    assert any(expected.lower() in m.lower() for m in finding.matched), finding.matched


@pytest.mark.parametrize("text", [
    "Irgendwann brennen bei euch die Dienstwagen, wartet ab.",
    "Wenn die Bagger kommen stehen wir da. Und dann gnade euch Gott.",
    "Wir wissen wo du wohnst.",
    "Der Lorenz sollte sich nachts nicht mehr allein auf die Straße trauen.",
])
def test_threats_are_r01(rs: RuleSet, text: str) -> None:
    assert "R01" in {rid for rid, _ in _flags(rs, text)}
