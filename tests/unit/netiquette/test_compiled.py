"""The compiled engine (mypyc, built by ``pip install``) is in use and answers exactly like
the same source files run as plain Python."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import netiquette
from netiquette import load_ruleset

PACKAGE = Path(netiquette.__file__).resolve().parent
UNIT = Path(__file__).resolve().parent
COMPILED = tomllib.loads((UNIT.parents[2] / "pyproject.toml").read_text())[
    "tool"]["netiquette"]["compiled"]

_HOSTILE = ["@" * 500, "@@ @@@ Idiot", "😀" * 3000, "A" * 5000, "a😀" * 1000, "\u200b" * 2000,
            "", "\x00\x1b[2J", "Idiot" + "x" * 5000, "!" * 300, "0" * 400, "DE" + "1" * 60,
            "www." * 200, "Schei" + "*" * 50 + "e", "I d i o t " * 50, "Ä" * 500,
            "Wann hat das Bürgerbüro am Samstag offen? Meine Nummer ist 0176 12345678",
            "Überweist an DE89 3704 0044 0532 0130 00, Hauptstraße 5, 12345 Musterstadt",
            "D.u b.i.s.t e.i.n I.d.i.o.t", "Du Vоllіdіоt 😡😡😡", "ARSCH🤬LOCH!!!"]


def _corpus() -> list[str]:
    texts = []
    for line in (UNIT / "municipal_corpus.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            texts.append(line.split("\t")[-1])
    for name in ("corpus_clean.txt", "corpus_flagged.txt"):
        texts += (UNIT / name).read_text(encoding="utf-8").splitlines()
    texts += _HOSTILE
    return texts + [t.upper() for t in texts[:200]] + [t * 3 for t in texts[:100]]


_SCRIPT = """
import json, sys
from netiquette import load_ruleset
import netiquette.ruleset
assert netiquette.ruleset.__file__.endswith(".py")
texts = json.load(sys.stdin)
rs = load_ruleset()
cold = [rs.check(t).to_dict() for t in texts]
warm = [rs.check(t, author="Max Idiot").to_dict() for t in texts]
json.dump([cold, warm], sys.stdout)
"""


def test_the_hot_path_runs_as_the_install_asked() -> None:
    # Compiled by default; NETIQUETTE_PURE=1 (on a clean checkout) installs plain Python.
    pure = os.environ.get("NETIQUETTE_PURE") == "1"
    assert netiquette.COMPILED is not pure
    for source in COMPILED:
        module = sys.modules.get(source[:-3].replace("/", "."))
        assert module is not None, source
        assert Path(module.__file__ or "").suffix == (".py" if pure else ".so"), (
            f"{source}: compiled is {not pure} expected; reinstall (make clean, then make test)")


def test_compiled_and_plain_python_give_the_same_results(tmp_path: Path) -> None:
    plain = tmp_path / "netiquette"
    shutil.copytree(PACKAGE, plain, ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    texts = _corpus()
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", _SCRIPT], input=json.dumps(texts), env=env,
                         capture_output=True, text=True, cwd=tmp_path, check=True).stdout
    cold, warm = json.loads(out)
    rs = load_ruleset()
    assert [rs.check(t).to_dict() for t in texts] == cold
    assert [rs.check(t, author="Max Idiot").to_dict() for t in texts] == warm
    assert sum(r["flagged"] for r in cold) > 100  # the corpus exercises the rules


def test_a_compiled_module_older_than_its_source_is_found(tmp_path: Path) -> None:
    from netiquette.build_check import stale_compiled

    package = tmp_path / "netiquette"
    package.mkdir()
    for name in ("ruleset", "index"):
        (package / f"{name}.py").write_text("")
        (package / f"{name}.cpython-311-x86_64-linux-gnu.so").write_bytes(b"")
    os.utime(package / "ruleset.py", (2_000_000_000, 2_000_000_000))  # edited after the build
    assert stale_compiled(package) == []  # no source checkout: file times mean nothing
    (tmp_path / "pyproject.toml").write_text("")
    assert stale_compiled(package) == [package / "ruleset.py"]
