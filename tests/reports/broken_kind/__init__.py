"""An app whose report module cannot be imported (tests/reports/test_kinds.py installs it)."""
