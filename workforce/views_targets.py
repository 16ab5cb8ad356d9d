"""Pages of the targets part of workforce plans."""


def home_context(request, base):
    """What this part shows on the workforce front page (templates/workforce/_home_targets.html)."""
    return {}
