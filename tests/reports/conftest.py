import io

import pytest
from django.test import TestCase
from pypdf import PdfReader


@pytest.fixture
def demo_ids(demo_data):
    """seed_demo --json: the demo's subject for each report kind, with the demo's data."""
    return demo_data.subjects


@pytest.fixture
def client(client):
    """The test client, each request ending as it does in production: what waits for the request's commit
    (sending a report to the workers) runs as the view returns, although the test's own transaction is
    rolled back at its end. In transactional tests the request really commits, and this changes nothing."""
    send = client.request

    def committing(**request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return send(**request)

    client.request = committing
    return client


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
