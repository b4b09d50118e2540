"""Reading and validating rule and template files (TOML) into plain rule definitions.

A file may hold ``[[rule]]`` tables, ``[[template]]`` tables and an ``[allow]`` table
(words and link domains that never count). Later files extend the default set or override
it field by field, keyed by id; ``enabled = false`` switches a default rule off.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import SEVERITIES, RuleError
from .structural import CHECKS
from .templates import PLACEHOLDERS, Template, placeholders_in

DATA_DIR = Path(__file__).parent / "data"
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,31}$")
_STR_FIELDS = ("title", "clause", "category", "action")
_LIST_FIELDS = ("templates", "terms", "patterns", "checks", "exclude")
_KNOWN = set(_STR_FIELDS) | set(_LIST_FIELDS) | {
    "id", "severity", "flag", "requires_address", "near", "model", "model_word", "fuzzy",
    "enabled",
}


@dataclass(frozen=True, slots=True)
class Near:
    """Co-occurrence detection: a term from ``a`` and one from ``b`` within ``window`` chars."""

    a: tuple[str, ...]
    b: tuple[str, ...]
    window: int = 80


@dataclass(frozen=True, slots=True)
class Rule:
    """One netiquette rule: what it is called and cites, how bad it is, how it is detected."""

    id: str
    title: str
    clause: str
    category: str
    severity: str
    action: str
    templates: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    near: Near | None = None
    model: float | None = None  # decision threshold (logit) of the learned scorer
    model_word: float = 4.0  # the strongest word must weigh this much: flags need a culprit
    requires_address: bool = False
    fuzzy: bool = True
    flag: bool = True
    source: str = field(default="", compare=False)


@dataclass
class RawSet:
    """Merged, not yet compiled content of all loaded files."""

    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    templates: dict[str, dict[str, Any]] = field(default_factory=dict)
    allow_words: list[str] = field(default_factory=list)
    allow_domains: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)


def default_files() -> list[Path]:
    """The shipped rule and template files, in load order."""
    return sorted(DATA_DIR.glob("*.toml"))


def read_files(paths: Sequence[Path | str] = (), problems: list[str] | None = None, *,
               include_default: bool = True) -> RawSet:
    """The default files, then ``paths`` (each extends or overrides), read into one raw set;
    problems are appended to ``problems``."""
    raw = RawSet()
    found = [] if problems is None else problems
    for path in (default_files() if include_default else []) + [Path(p) for p in paths]:
        read_file(path, raw, found)
    return raw


def rule_titles(paths: Sequence[Path | str] = ()) -> dict[str, str]:
    """Rule id → title, without compiling the matcher (a quarter second and more)."""
    problems: list[str] = []
    rules = build_rules(read_files(paths, problems), problems)
    if problems:
        raise RuleError(problems)
    return {rid: rule.title for rid, rule in rules.items()}


def read_file(path: Path, raw: RawSet, problems: list[str]) -> None:
    """Parse one TOML file and merge it into ``raw``; append problems instead of raising."""
    name = path.name
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{path}: Datei nicht gefunden")
        return
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: nicht lesbar ({exc.__class__.__name__})")
        return
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"{name}: kein gültiges TOML ({exc})")
        return
    for key in doc:
        if key not in ("rule", "template", "allow"):
            problems.append(f"{name}: unbekannter Abschnitt '{key}'")
    for i, entry in enumerate(_tables(doc, "rule", name, problems)):
        rid = entry.get("id")
        if not isinstance(rid, str) or not _ID.match(rid):
            problems.append(f"{name}: Regel Nr. {i + 1}: Feld 'id': fehlt oder ungültig ({rid!r})")
            continue
        merged = {**raw.rules.get(rid, {}), **entry}
        raw.rules[rid] = merged
        raw.sources[f"rule:{rid}"] = name
    for i, entry in enumerate(_tables(doc, "template", name, problems)):
        tid = entry.get("id")
        if not isinstance(tid, str) or not _ID.match(tid):
            problems.append(f"{name}: Vorlage Nr. {i + 1}: Feld 'id': fehlt oder ungültig ({tid!r})")
            continue
        raw.templates[tid] = {**raw.templates.get(tid, {}), **entry}
        raw.sources[f"template:{tid}"] = name
    allow = doc.get("allow", {})
    if not isinstance(allow, dict):
        problems.append(f"{name}: Abschnitt 'allow' muss eine Tabelle sein")
        return
    for key, target in (("words", raw.allow_words), ("domains", raw.allow_domains)):
        values = allow.get(key, [])
        if not _is_str_list(values):
            problems.append(f"{name}: allow: Feld '{key}': Liste von Texten erwartet")
        else:
            target.extend(values)


def _tables(doc: dict[str, Any], key: str, name: str, problems: list[str]) -> list[dict]:
    value = doc.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        problems.append(f"{name}: '{key}' muss als [[{key}]] geschrieben werden")
        return []
    return value


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def build_rules(raw: RawSet, problems: list[str]) -> dict[str, Rule]:
    """Validate merged rule tables into :class:`Rule` objects (disabled rules are dropped)."""
    rules: dict[str, Rule] = {}
    for rid, entry in raw.rules.items():
        where = f"{raw.sources.get('rule:' + rid, '?')}: Regel {rid}"
        before = len(problems)
        for key in entry:
            if key not in _KNOWN:
                problems.append(f"{where}: Feld '{key}': unbekanntes Feld")
        for key in _STR_FIELDS:
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{where}: Feld '{key}': fehlt oder ist leer")
        severity = entry.get("severity")
        if severity not in SEVERITIES:
            problems.append(f"{where}: Feld 'severity': unbekannter Wert {_q(severity)}"
                            f" (erlaubt: {', '.join(SEVERITIES)})")
        for key in _LIST_FIELDS:
            if key in entry and not _is_str_list(entry[key]):
                problems.append(f"{where}: Feld '{key}': Liste von Texten erwartet")
        for key in ("flag", "requires_address", "fuzzy", "enabled"):
            if key in entry and not isinstance(entry[key], bool):
                problems.append(f"{where}: Feld '{key}': true oder false erwartet")
        for pattern in entry.get("patterns", []) if _is_str_list(entry.get("patterns")) else []:
            try:
                re.compile(pattern)
            except re.error as exc:
                problems.append(f"{where}: Feld 'patterns': ungültiger regulärer Ausdruck "
                                f"{pattern!r} ({exc})")
        for check in entry.get("checks", []) if _is_str_list(entry.get("checks")) else []:
            if check not in CHECKS:
                problems.append(f"{where}: Feld 'checks': unbekannte Prüfung {check!r} "
                                f"(bekannt: {', '.join(sorted(CHECKS))})")
        for tid in entry.get("templates", []) if _is_str_list(entry.get("templates")) else []:
            if tid not in raw.templates:
                problems.append(f"{where}: Feld 'templates': unbekannte Vorlage {tid!r}")
        near = _near(entry.get("near"), where, problems)
        model = entry.get("model")
        if model is not None and not isinstance(model, (int, float)):
            problems.append(f"{where}: Feld 'model': Zahl (Schwelle) erwartet")
        model_word = entry.get("model_word", 4.0)
        if not isinstance(model_word, (int, float)):
            problems.append(f"{where}: Feld 'model_word': Zahl erwartet")
        if len(problems) > before or entry.get("enabled", True) is False:
            continue
        rules[rid] = Rule(
            id=rid, title=entry["title"], clause=entry["clause"], category=entry["category"],
            severity=str(severity), action=entry["action"],
            templates=tuple(entry.get("templates", ())), terms=tuple(entry.get("terms", ())),
            patterns=tuple(entry.get("patterns", ())), checks=tuple(entry.get("checks", ())),
            exclude=tuple(entry.get("exclude", ())), near=near,
            model=float(model) if model is not None else None, model_word=float(model_word),
            requires_address=entry.get("requires_address", False),
            fuzzy=entry.get("fuzzy", True),
            flag=entry.get("flag", severity in ("kritisch", "hoch", "mittel")),
            source=raw.sources.get("rule:" + rid, ""),
        )
    return rules


def _near(value: Any, where: str, problems: list[str]) -> Near | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not _is_str_list(value.get("a")) or not _is_str_list(
        value.get("b")
    ):
        problems.append(f"{where}: Feld 'near': Tabelle mit Listen 'a' und 'b' erwartet")
        return None
    window = value.get("window", 80)
    if not isinstance(window, int) or window <= 0:
        problems.append(f"{where}: Feld 'near.window': positive ganze Zahl erwartet")
        return None
    return Near(tuple(value["a"]), tuple(value["b"]), window)


def build_templates(raw: RawSet, problems: list[str]) -> dict[str, Template]:
    """Validate merged template tables into :class:`Template` objects."""
    templates: dict[str, Template] = {}
    for tid, entry in raw.templates.items():
        where = f"{raw.sources.get('template:' + tid, '?')}: Vorlage {tid}"
        before = len(problems)
        for key in ("title", "text"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                problems.append(f"{where}: Feld '{key}': fehlt oder ist leer")
        for key in ("rules", "intents", "triggers"):
            if key in entry and not _is_str_list(entry[key]):
                problems.append(f"{where}: Feld '{key}': Liste von Texten erwartet")
        for key in entry:
            if key not in ("id", "title", "text", "rules", "intents", "triggers"):
                problems.append(f"{where}: Feld '{key}': unbekanntes Feld")
        if isinstance(entry.get("text"), str):
            try:
                names = placeholders_in(entry["text"])
            except ValueError as exc:
                problems.append(f"{where}: Feld 'text': {exc}")
                names = set()
            for name in sorted(names - PLACEHOLDERS):
                problems.append(f"{where}: Feld 'text': unbekannter Platzhalter {{{name}}}")
        if len(problems) > before:
            continue
        templates[tid] = Template(
            id=tid, title=entry["title"], text=entry["text"],
            rules=tuple(entry.get("rules", ())), intents=tuple(entry.get("intents", ())),
            triggers=tuple(entry.get("triggers", ())),
        )
    return templates


def _q(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else repr(value)
