import io
import json

import pytest
from pypdf import PdfReader


@pytest.fixture
def demo_ids(db):
    """seed_demo --json: the demo's subject for each report kind."""
    from django.core.management import call_command

    out = io.StringIO()
    call_command("seed_demo", "--json", password="report-test-password", stdout=out)
    return json.loads(out.getvalue().strip().splitlines()[-1])


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
