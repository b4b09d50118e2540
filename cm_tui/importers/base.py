"""The contract every importer follows: bytes in, records out, or one clear error."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Protocol

from cm_tui.model import Record


class BadInput(Exception):
    """The file cannot be imported. ``reason`` is one German-or-English line for people;
    ``position`` is "Zeile 12" / "Byte 4096" where the parser knows it."""

    def __init__(self, reason: str, position: str | None = None) -> None:
        super().__init__(reason if position is None else f"{reason} ({position})")
        self.reason = reason
        self.position = position


class Importer(Protocol):
    """One export format. ``sniff`` looks at the first bytes and the parsed JSON top level;
    ``parse`` yields records from a binary stream and raises only :class:`BadInput`."""

    name: str

    def parse(self, stream: IO[bytes]) -> Iterator[Record]: ...


@dataclass(frozen=True, slots=True)
class ChannelHint:
    """Optional information the caller knows about a file (e.g. from a folder manifest)."""

    channel: str | None = None
    owner: str | None = None
