"""cm-tui: keyboard-driven comment triage for German municipal community management."""

__version__ = "0.1.0"
