"""Pure rendering: a subject's data, through a Django template, to PDF bytes with WeasyPrint.

WeasyPrint runs no JavaScript and, here, fetches nothing from the network or the disk: ``StaticOnlyFetcher``
serves the project's own static files (the report stylesheet, fonts it may name) and ``data:`` URIs only.
"""

import mimetypes
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse, URLFetchingError

from . import kinds

STATIC_BASE = "https://report.invalid/static/"


class StaticOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith(STATIC_BASE):
            raise URLFetchingError(f"Reports may not fetch {url}")
        relative = url[len(STATIC_BASE) :].split("?")[0].split("#")[0]
        path = finders.find(relative) if ".." not in relative else None
        if not path:
            raise URLFetchingError(f"No static file {relative}")
        with open(path, "rb") as file:
            body = file.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


@dataclass
class Rendered:
    content: bytes
    filename: str
    content_type: str


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
}


def render_pdf(kind, subject, viewer=None):
    """The kind's template as PDF bytes (a zip kind uses it for one of its files, and may render others)."""
    html = render_html(kind, subject, viewer)
    return HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticOnlyFetcher()).write_pdf()


def render_template_pdf(template, context):
    """Any report template with its context as PDF bytes, fetching only static files, as every report."""
    html = render_to_string(template, context | {"static_base": STATIC_BASE})
    return HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticOnlyFetcher()).write_pdf()


def render_html(kind, subject, viewer=None):
    """``viewer``: who the report is made for (what they may see of the subject); None for everything."""
    context = kind.build(subject, viewer=viewer) | {"kind": kind, "static_base": STATIC_BASE}
    return render_to_string(kind.template, context)


def render(kind, subject, fmt="pdf", progress=lambda percent, step: None, viewer=None):
    """``kind``: a kinds.Kind (the worker passes its job's) or its name. Raises kinds.UnsupportedFormat."""
    kind = kinds.get(kind) if isinstance(kind, str) else kind
    kind.check_format(fmt)
    filename = f"{kind.filename(subject)}.{fmt}"
    if fmt == "docx":
        progress(30, "Writing the Word document")
        return Rendered(kind.docx(subject), filename, CONTENT_TYPES["docx"])
    if fmt == "zip":
        progress(10, "Gathering the files")
        content = kind.archive(subject, viewer=viewer, progress=progress)
        return Rendered(content, filename, CONTENT_TYPES["zip"])
    progress(20, "Gathering the data")
    html = render_html(kind, subject, viewer)
    progress(50, "Laying out the pages")
    pdf = HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticOnlyFetcher()).write_pdf()
    progress(90, "Saving the PDF")
    return Rendered(pdf, filename, CONTENT_TYPES["pdf"])
