"""Sheets out (会务报表): attendance, rosters and results as XLSX and PDF (docs/halls.md)."""
