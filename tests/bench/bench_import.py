"""Import benchmark (issue 2): 1,000,000 generated comments into a fresh database.

Run: ``make bench`` or ``.venv/bin/python tests/bench/bench_import.py [N]``. Prints comments/s for
the import (parse + idempotent upsert + FTS), for the netiquette check pass and the spike rebuild,
peak memory of each subprocess, and the ratio to ``sqlite-utils insert`` of the same rows as flat
JSON (the storage floor). It prints numbers; it asserts nothing about time.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable


PEAK = ";import resource as _r; print('PEAK', _r.getrusage(_r.RUSAGE_SELF).ru_maxrss)"


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and the child's own peak RSS in MiB (it prints ``PEAK kb`` last)."""
    start = time.perf_counter()
    out = subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.PIPE, text=True).stdout
    elapsed = time.perf_counter() - start
    peaks = [int(line.split()[1]) for line in out.splitlines() if line.startswith("PEAK ")]
    return elapsed, (peaks[-1] / 1024 if peaks else float("nan"))


def main(n: int = 1_000_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        src = work / "comments.jsonl"
        t, _ = timed([PY, "-m", "cm_tui", "demo", "generate", "--comments", str(n), "--format", "jsonl", "--out", str(src)])
        print(f"generate {n:,} jsonl: {t:.1f} s, {src.stat().st_size / 2**20:.0f} MiB")
        code = (
            "import sys; from pathlib import Path; from cm_tui.store.db import open_store;"
            "from cm_tui.importers import read_export; from cm_tui.store.ingest import import_records;"
            "s = open_store(Path(sys.argv[1])); fmt, recs = read_export(Path(sys.argv[2]));"
            "print(import_records(s, Path(sys.argv[2]), fmt, recs))" + PEAK
        )
        db = work / "bench.db"
        t_import, mem_import = timed([PY, "-c", code, str(db), str(src)])
        print(f"import (parse+upsert+FTS): {t_import:.1f} s = {n / t_import:,.0f} comments/s, peak {mem_import:.0f} MiB")
        check = (
            "import sys; from cm_tui.store.db import open_store; from cm_tui.checking import load_rules, recheck;"
            "print(recheck(open_store(sys.argv[1]), load_rules()))" + PEAK
        )
        t_check, mem_check = timed([PY, "-c", check, str(db)])
        print(f"netiquette check pass: {t_check:.1f} s = {n / t_check:,.0f} comments/s, peak {mem_check:.0f} MiB")
        spikes = "import sys; from cm_tui.store.db import open_store; from cm_tui.spikes_refresh import refresh_spikes; refresh_spikes(open_store(sys.argv[1]))" + PEAK
        t_spikes, mem_spikes = timed([PY, "-c", spikes, str(db)])
        print(f"spike rebuild: {t_spikes:.1f} s, peak {mem_spikes:.0f} MiB")
        t2, _ = timed([PY, "-c", code, str(db), str(src)])
        print(f"re-import same file (all unchanged): {t2:.1f} s = {n / t2:,.0f} comments/s")
        flat = work / "flat.jsonl"
        with src.open(encoding="utf-8") as fin, flat.open("w", encoding="utf-8") as fout:
            for line in fin:
                fout.write(json.dumps(json.loads(line), ensure_ascii=False) + "\n")
        floor_db = work / "floor.db"
        floor = (
            "import sys; from sqlite_utils.cli import cli;"
            "cli(['insert', sys.argv[1], 'comments', sys.argv[2], '--nl'], standalone_mode=False)" + PEAK
        )
        t_floor, mem_floor = timed([PY, "-c", floor, str(floor_db), str(flat)])
        print(f"floor: sqlite-utils insert --nl: {t_floor:.1f} s = {n / t_floor:,.0f} rows/s, peak {mem_floor:.0f} MiB")
        print(f"ratio import / floor: {t_import / t_floor:.2f}x; import+check / floor: {(t_import + t_check) / t_floor:.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
