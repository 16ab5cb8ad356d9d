"""An app whose report kind takes a name already used, with a template that does not exist."""
