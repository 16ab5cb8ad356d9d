"""An app used only by tests/test_plugins.py: it contributes one of everything, touching no other app."""
