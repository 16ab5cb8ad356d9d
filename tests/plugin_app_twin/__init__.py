"""An app whose reminder kind and scheduled task take names another app has (tests/test_plugins.py)."""
