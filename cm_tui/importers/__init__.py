"""Importers: detect an export's format by content and turn it into records. Pure: no DB, no UI.

``fmt, records = read_export(path)``; every failure is a :class:`BadInput`.
"""

from cm_tui.importers.base import BadInput
from cm_tui.importers.detect import read_export

__all__ = ["BadInput", "read_export"]
