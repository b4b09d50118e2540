"""Public API shape, standalone imports, results and rule-set versions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import netiquette

from netiquette import (
    SEVERITIES, Finding, Result, RuleSet, load_ruleset, severity_rank,
)


def test_library_imports_no_ui_store_or_http_packages() -> None:
    code = ("import sys, netiquette; rs = netiquette.load_ruleset(); rs.check('Du Idiot'); "
            "bad = [m for m in ('textual', 'sqlite_utils', 'httpx') if m in sys.modules]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).parents[3])
    assert out.stdout.strip() == ""


def test_severities_are_ordered() -> None:
    assert SEVERITIES == ("kritisch", "hoch", "mittel", "niedrig", "info")
    assert [severity_rank(s) for s in SEVERITIES] == [4, 3, 2, 1, 0]
    with pytest.raises(ValueError):
        severity_rank("sehr hoch")


def test_result_is_frozen_and_json_ready(rs: RuleSet) -> None:
    result = rs.check("Der Bürgermeister ist ein Vollidiot")
    assert isinstance(result, Result) and isinstance(result.findings[0], Finding)
    assert result.flagged and 0 <= result.priority <= 100
    if netiquette.COMPILED:  # plain Python (NETIQUETTE_PURE=1) does not enforce Final
        with pytest.raises(AttributeError):
            result.flagged = False  # type: ignore[misc]
        with pytest.raises(AttributeError):
            result.findings[0].spans = ()  # type: ignore[misc]
    assert result == rs.check("Der Bürgermeister ist ein Vollidiot")
    assert hash(result) == hash(rs.check("Der Bürgermeister ist ein Vollidiot"))
    assert "rule_id='R05'" in repr(result.findings[0])
    data = json.loads(json.dumps(result.to_dict()))
    assert data["findings"][0]["rule_id"] == "R05"
    assert data["findings"][0]["spans"] == [[26, 35]]
    assert data["findings"][0]["matched"] == ["Vollidiot"]
    assert data["findings"][0]["why"].startswith("Beleidigung")


def test_every_flag_names_a_rule_and_findings_are_most_severe_first(rs: RuleSet) -> None:
    result = rs.check("Ich weiß, wo du wohnst, du Idiot. Ruf 0176 12345678 an")
    ranks = [severity_rank(f.severity) for f in result.findings]
    assert ranks == sorted(ranks, reverse=True)
    assert result.findings[0].rule_id == "R01" and result.priority >= 90
    assert all(f.rule_id in rs.rules for f in result.findings)


def test_clean_comment_has_no_findings(rs: RuleSet) -> None:
    result = rs.check("Die Entscheidung des Stadtrats ist aus meiner Sicht falsch.")
    assert result == Result(False, 0, (), ())


def test_model_flag_reports_the_words_that_drove_it(rs: RuleSet) -> None:
    text = "Was für ein Schwachsinn"
    result = rs.check(text)
    finding = next(f for f in result.findings if f.rule_id == "R05b")
    assert result.flagged and finding.matched
    for (s, e), word in zip(finding.spans, finding.matched):
        assert text[s:e] == word
    assert "ausschlaggebend" in finding.why


def test_addressing_turns_a_verdict_on_a_decision_into_an_attack(rs: RuleSet) -> None:
    assert not rs.check("Die Entscheidung ist dumm.").flagged
    assert rs.check("Du bist dumm.").findings[0].rule_id == "R05a"


def test_author_name_is_checked_too(rs: RuleSet) -> None:
    result = rs.check("Schönes Foto vom Stadtfest", author="Sieg Heil 88")
    assert "R04" in result.rule_ids and result.findings[0].spans == ()


def test_version_is_stable_and_changes_with_rules(tmp_path: Path, rs: RuleSet) -> None:
    assert load_ruleset().version == rs.version
    override = tmp_path / "stadt.toml"
    override.write_text('[[rule]]\nid = "R11"\nseverity = "mittel"\n', encoding="utf-8")
    assert load_ruleset([override]).version != rs.version
