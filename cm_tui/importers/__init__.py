"""Importers: detect an export's format by content and turn it into records. Pure: no DB, no UI."""
