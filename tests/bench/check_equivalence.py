"""Guard for speed work on the netiquette engine: same comments in, same results out.

Dumps ``RuleSet.check(text).to_dict()`` (flagged, priority, findings with spans, matched text
and why, ranked templates) for a fixed corpus and compares it with a recorded baseline:

    .venv/bin/python tests/bench/check_equivalence.py --record /tmp/baseline.jsonl.gz
    .venv/bin/python tests/bench/check_equivalence.py --compare /tmp/baseline.jsonl.gz

To record the baseline of an older commit: ``git archive <commit> netiquette | tar -x -C DIR``
and run ``--record`` with ``NETIQUETTE_SRC=DIR``.

The corpus: the benchmark's generated comments, the GermEval 2018 tweets (if present), the
municipal corpus, corpus_clean/corpus_flagged, every string literal in the netiquette unit
tests (this includes the hostile inputs), degenerate floods, and evasion variants of all
of these (upper case, letters split by dots, homoglyphs, zero-width characters), each
checked cold (fresh rule set: empty token caches) and again warm, plus a few with an author.
"""

from __future__ import annotations

import argparse
import ast
import gzip
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# NETIQUETTE_SRC: run against another copy of the package (e.g. an older commit's export).
sys.path.insert(0, os.environ.get("NETIQUETTE_SRC", str(ROOT)))
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from bench_netiquette import GERMEVAL, comments  # noqa: E402

from netiquette import load_ruleset  # noqa: E402

UNIT = ROOT / "tests" / "unit" / "netiquette"
_HOSTILE = ["@" * 500, "@@ @@@ Idiot", "😀" * 3000, "A" * 5000, "a😀" * 1000, "\u200b" * 2000,
            " " * 1000, "", "\x00\x1b[2J", "Idiot" + "x" * 5000, "!" * 300, "?!" * 200,
            "0" * 400, "DE" + "1" * 60, "a-" * 500, "www." * 200, "@a." * 300, "*" * 300,
            "Schei" + "*" * 50 + "e", "I d i o t " * 50, "Ä" * 500, "ß" * 300]


def corpus() -> Iterator[str]:
    """All texts, in a fixed order."""
    yield from comments(3000)
    if GERMEVAL.exists():
        for line in GERMEVAL.read_text(encoding="utf-8").splitlines():
            yield line.split("\t")[0]
    for line in (UNIT / "municipal_corpus.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")[-1]
    for name in ("corpus_clean.txt", "corpus_flagged.txt"):
        for line in (UNIT / name).read_text(encoding="utf-8").splitlines():
            yield line
    for path in sorted(UNIT.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield node.value
    yield from _HOSTILE
    # Floods and repeated sentences (the benchmark's bodies, three and four times).
    for k, text in enumerate(comments(200, seed=11)):
        sentence = text[:60].rstrip() + ("! ", ". ", "?\n", "... ")[k % 4]
        yield sentence * (3 + k % 2) + text[60:]
        yield text.upper()[: 40 + k]
        yield "😡" * (10 + k % 7) + text[: k % 30]


_HOMOGLYPH = str.maketrans({"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "i": "і"})


def variants(text: str) -> Iterator[str]:
    """Evasion forms of ``text``: the slow normalisation paths must stay equal too."""
    yield text.upper()
    yield text.translate(_HOMOGLYPH)
    words = text.split(" ")
    yield " ".join(".".join(w) if 4 <= len(w) <= 8 and k % 3 == 0 else w
                   for k, w in enumerate(words))
    yield "\u200b".join(words[:12]) + " " + " ".join(words[12:])
    yield "".join(chr(ord(c) + 0xFEE0) if "a" <= c <= "z" and k % 5 == 0 else c
                  for k, c in enumerate(text))


def results() -> Iterator[tuple[str, str, dict]]:
    """(label, text, result dict) for the whole corpus, cold and warm."""
    texts = list(dict.fromkeys(corpus()))
    more = [v for t in texts[3000:] for v in variants(t)]
    rs = load_ruleset()
    for label in ("cold", "warm"):
        for text in texts:
            yield label, text, rs.check(text).to_dict()
    for text in more:
        yield "variant", text, rs.check(text).to_dict()
    for k, text in enumerate(texts[:400]):
        author = ["Sieg Heil 88", "Idiot", "Max Muster", "@stadt", "du Arschloch"][k % 5]
        yield "author:" + author, text, rs.check(text, author=author).to_dict()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--record", type=Path, help="write the results here (jsonl.gz)")
    group.add_argument("--compare", type=Path, help="compare with a recorded file")
    args = ap.parse_args(argv)
    lines = (json.dumps([label, text, res], ensure_ascii=False) for label, text, res in results())
    if args.record:
        with gzip.open(args.record, "wt", encoding="utf-8") as fh:
            n = sum(fh.write(line + "\n") > 0 for line in lines)
        print(f"recorded {n} results in {args.record}")
        return 0
    with gzip.open(args.compare, "rt", encoding="utf-8") as fh:
        base = fh.read().split("\n")[:-1]  # not splitlines(): texts hold \x85, \u2028 …
    diffs = n = 0
    for n, line in enumerate(lines, 1):
        if n > len(base) or base[n - 1] != line:
            diffs += 1
            if diffs <= 10:
                print(f"DIFF #{n}:\n  base: {base[n - 1] if n <= len(base) else None}\n"
                      f"  now:  {line}")
    if n != len(base):
        print(f"count differs: baseline {len(base)}, now {n}")
        diffs += 1
    print(f"{n} results compared, {diffs} differences")
    return 1 if diffs else 0


if __name__ == "__main__":
    raise SystemExit(main())
