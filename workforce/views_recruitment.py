"""Pages of the recruitment part of workforce plans."""


def home_context(request, base):
    """What this part shows on the workforce front page (templates/workforce/_home_recruitment.html)."""
    return {}
