"""Parse speed of the generic JSONL importer (run by hand, never by pytest):

    .venv/bin/python tests/bench/bench_jsonl.py [rows]

Writes a temporary JSONL file of realistic rows, then times ``read_export`` plus consuming
every record. Prints rows/s; asserts nothing. Belongs in ``tests/bench/`` once moved there.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from cm_tui.importers import read_export

TEXTS = [
    "Wann wird endlich die Ampel an der Hauptstraße repariert? 🚦",
    "Danke für die schnelle Hilfe beim Bürgerbüro!",
    "Das ist Steuergeldverschwendung, ihr seid alle unfähig.",
    "Gibt es am Samstag wieder den Wochenmarkt auf dem Rathausplatz?",
]


def write_rows(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i in range(rows):
            row = {
                "platform": "facebook",
                "comment_id": f"9876543210_{i}",
                "post_id": f"p{i // 500}",
                "parent_id": f"9876543210_{i - 1}" if i % 3 == 0 and i else None,
                "author_name": f"Nutzer {i % 977}",
                "author_id": str(5_550_000 + i % 977),
                "text": TEXTS[i % len(TEXTS)],
                "created_at": f"2024-03-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z",
                "like_count": i % 17,
                "channel": "Stadt Musterstadt",
            }
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 300_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.jsonl"
        write_rows(path, rows)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            fmt, records = read_export(path)
            count = sum(1 for _ in records)
            best = min(best, time.perf_counter() - start)
        size = path.stat().st_size / 1e6
        print(f"{fmt}: {rows} rows ({count} records, {size:.1f} MB) in {best:.3f} s "
              f"= {rows / best:,.0f} rows/s")


if __name__ == "__main__":
    main()
