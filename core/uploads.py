"""What an uploaded file is, and the request that carries it, for every upload (imports and evidence).

- ``sniff``: the one place libmagic is asked what a file's bytes are, whatever it is called;
- ``explain_unreadable_upload``: a request whose file name is too long to read becomes a message, not a 400.

Reading an import's rows (size, zip bombs, encoding, problems by row and column) is core/tabular.py.
"""

from functools import cache, wraps

from django.contrib import messages
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_exempt, csrf_protect

MB = 1024 * 1024


class LibmagicMissing(Exception):
    """Without the libmagic library the portal still runs, and refuses uploads saying what to install."""

    def __init__(self):
        super().__init__(
            "libmagic is not installed (Debian: apt install libmagic1; macOS: brew install libmagic)"
        )


@cache
def _libmagic():
    """One detector for the process (python-magic locks it for each call)."""
    try:
        import magic  # imported when first needed: the rest of the portal runs without libmagic
    except ImportError:
        raise LibmagicMissing from None
    return magic.Magic(mime=True, mime_encoding=True)


def sniff(content=b"", *, path=None):
    """(MIME type, character set) of the bytes, or of the file at ``path``, as libmagic sees them:
    ("application/pdf", "binary"), ("text/plain", "utf-16le"), ...; raises LibmagicMissing without it."""
    detected = _libmagic().from_file(str(path)) if path else _libmagic().from_buffer(content)
    mime, _, charset = detected.partition("; charset=")
    return mime.strip(), charset.strip()


# --- The request itself --------------------------------------------------------------------------------


def explain_unreadable_upload(back_to):
    """Turns Django's refusal of a file whose name is too long to read into a message on the page.

    Django reads at most 1,024 bytes of each part's headers, so a name of some 900 characters or more makes
    the whole request unreadable: a bare 400 from the CSRF middleware, which reads the body first. So the
    view is exempt from the middleware, reads the body itself, and then checks the CSRF token as the
    middleware would (``csrf_protect``), before any access rule or the view itself; a request that cannot be
    read changes nothing and only gets the message. Apply it outermost. ``back_to(**url_kwargs)`` is the
    page to go back to.
    """

    def decorator(view):
        protected = csrf_protect(view)

        @wraps(view)
        def read_first(request, *args, **kwargs):
            try:
                request.FILES  # noqa: B018 -- reading it parses the body
            except MultiPartParserError as exc:
                if "header size" not in str(exc):
                    raise
                messages.error(
                    request,
                    "The file's name is too long for the portal to read. Rename the file with a shorter "
                    "name (under 200 characters) and upload it again.",
                )
                return redirect(back_to(**kwargs))
            return protected(request, *args, **kwargs)

        return csrf_exempt(read_first)

    return decorator
