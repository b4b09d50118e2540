"""Regression corpus: legitimate German that must stay unflagged, evasions that must not."""

from __future__ import annotations

from pathlib import Path

import pytest

from netiquette import RuleSet

HERE = Path(__file__).parent


def _lines(name: str) -> list[str]:
    text = (HERE / name).read_text(encoding="utf-8")
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@pytest.mark.parametrize("text", _lines("corpus_clean.txt"))
def test_clean_sentences_are_not_flagged(rs: RuleSet, text: str) -> None:
    result = rs.check(text)
    assert not result.flagged, [(f.rule_id, f.matched) for f in result.findings]


@pytest.mark.parametrize("line", _lines("corpus_flagged.txt"))
def test_obfuscated_sentences_are_flagged_with_spans_into_the_original(
    rs: RuleSet, line: str
) -> None:
    rule_id, text, expected = line.split("\t")
    result = rs.check(text)
    assert result.flagged
    finding = next((f for f in result.findings if f.rule_id == rule_id), None)
    assert finding is not None, [f.rule_id for f in result.findings]
    for (start, end), matched in zip(finding.spans, finding.matched):
        assert text[start:end] == matched
    assert any(expected in m for m in finding.matched), finding.matched
