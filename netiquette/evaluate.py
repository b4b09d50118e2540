"""Reading GermEval-format labelled files and scoring ``flagged`` verdicts against them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

LABELS = {"OFFENSE": True, "OTHER": False}


class DataError(ValueError):
    """A labelled file is unreadable or malformed; the message names file and line."""


def read_labelled(path: Path) -> list[tuple[str, bool]]:
    """Rows ``(text, is_offense)`` of a TSV ``text<TAB>OFFENSE|OTHER[<TAB>fine label]``."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{path}: Datei nicht gefunden") from None
    except UnicodeDecodeError:
        raise DataError(f"{path}: keine UTF-8-Datei") from None
    except OSError as exc:
        raise DataError(f"{path}: nicht lesbar ({exc.strerror})") from None
    rows = []
    for no, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            raise DataError(f"{path}:{no}: kein Tabulator – erwartet 'Text<TAB>OFFENSE|OTHER'")
        label = parts[1].strip()
        if label not in LABELS:
            raise DataError(f"{path}:{no}: unbekanntes Label {label!r} (erlaubt: OFFENSE, OTHER)")
        rows.append((parts[0], LABELS[label]))
    if not rows:
        raise DataError(f"{path}: keine Datenzeilen")
    return rows


def _f1(pred: Sequence[bool], gold: Sequence[bool], cls: bool) -> tuple[float, float, float]:
    tp = sum(1 for p, g in zip(pred, gold) if p == cls and g == cls)
    fp = sum(1 for p, g in zip(pred, gold) if p == cls and g != cls)
    fn = sum(1 for p, g in zip(pred, gold) if p != cls and g == cls)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def scores(pred: Sequence[bool], gold: Sequence[bool]) -> dict[str, float]:
    """Precision, recall and F1 of the OFFENSE class, macro-F1 over both classes, accuracy."""
    p, r, f = _f1(pred, gold, True)
    _, _, f_other = _f1(pred, gold, False)
    accuracy = sum(1 for a, b in zip(pred, gold) if a == b) / len(gold) if gold else 0.0
    return {"n": len(gold), "precision": p, "recall": r, "f1": f,
            "f1_other": f_other, "macro_f1": (f + f_other) / 2, "accuracy": accuracy}
