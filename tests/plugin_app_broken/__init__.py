"""An app whose contributions module cannot be imported (tests/test_plugins.py)."""
