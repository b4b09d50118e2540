"""The separation the GUIDE promises: netiquette stands alone, only ui/ touches Textual."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

NON_UI = [
    "cm_tui.cli", "cm_tui.cli_import", "cm_tui.cli_reports", "cm_tui.cli_spikes", "cm_tui.cli_demo",
    "cm_tui.importers", "cm_tui.store.db", "cm_tui.store.ingest", "cm_tui.store.log", "cm_tui.store.queue",
    "cm_tui.store.claims", "cm_tui.store.detail", "cm_tui.spikes", "cm_tui.spikes_store", "cm_tui.checking",
    "cm_tui.triage", "cm_tui.reports.handover", "cm_tui.reports.history", "cm_tui.reports.evidence_package",
    "cm_tui.reports.reason", "cm_tui.reports.audit",
]


def _loaded_after(imports: list[str]) -> set[str]:
    code = "import sys\n" + "".join(f"import {m}\n" for m in imports) + "print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return {name.split(".")[0] for name in out.stdout.split()}


def test_netiquette_imports_no_ui_db_or_http() -> None:
    assert not _loaded_after(["netiquette"]) & {"textual", "sqlite_utils", "httpx", "cm_tui"}


def test_nothing_outside_ui_imports_textual() -> None:
    assert "textual" not in _loaded_after(NON_UI)
