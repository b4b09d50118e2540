"""Line-by-line reading of large text exports (CSV, JSONL) with memory flat in the file size,
strict UTF-8 and positions (line, byte offset) in every error."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from cm_tui.importers.base import BadInput

BOM = "\ufeff"


def open_binary(path: Path):  # type: ignore[no-untyped-def]
    """``open(path, "rb")`` with OS errors as :class:`BadInput`."""
    try:
        return open(path, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as exc:
        raise BadInput(f"Datei nicht lesbar: {exc.strerror or exc}") from None


def text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` of a UTF-8 file (BOM removed, line ends kept)."""
    with open_binary(path) as f:
        offset = 0
        n = 0
        try:
            for n, raw in enumerate(f, 1):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise BadInput(f"Datei ist nicht UTF-8 (Byte {offset + exc.start})", f"Zeile {n}") from None
                if n == 1 and line.startswith(BOM):
                    line = line[1:]
                offset += len(raw)
                yield n, line
        except OSError as exc:
            raise BadInput(f"Lesefehler: {exc.strerror or exc}", f"Zeile {n + 1}") from None


def sniff_delimiter(header: str) -> str:
    """``;``, ``,`` or tab, whichever the header line uses most (Facepager defaults to ``;``,
    German Excel writes ``;``, most tools ``,``)."""
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: counts[d])


def csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` of a CSV file, header included; an Excel ``sep=;`` first line
    is honoured and skipped. The line number is the row's last physical line."""
    lines = text_lines(path)
    numbers: list[int] = [0]

    def feed() -> Iterator[str]:
        for n, line in lines:
            numbers[0] = n
            yield line

    source = feed()
    first = next(source, None)
    if first is None:
        return
    delimiter: str | None = None
    if first.lower().startswith("sep=") and len(first.strip()) == 5:
        delimiter = first.strip()[4]
        first = next(source, None)
        if first is None:
            return
    if delimiter is None:
        delimiter = sniff_delimiter(first)

    def chained() -> Iterator[str]:
        yield first
        yield from source

    reader = csv.reader(chained(), delimiter=delimiter, doublequote=True, strict=False)
    try:
        for row in reader:
            yield numbers[0], row
    except csv.Error as exc:
        raise BadInput(f"CSV-Fehler: {exc}", f"Zeile {numbers[0]}") from None


def header_line(head: bytes) -> str:
    """The first (header) line of a text file's first bytes, BOM and ``sep=`` line removed."""
    text = head.decode("utf-8", errors="replace").lstrip(BOM)
    lines = text.splitlines()
    if lines and lines[0].lower().startswith("sep=") and len(lines[0].strip()) == 5:
        lines = lines[1:]
    return lines[0] if lines else ""
