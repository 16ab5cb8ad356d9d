"""/healthz: is this instance able to serve? Used by load balancers and container health checks.

And what people see meanwhile: a page that fails because the database cannot be reached answers 503,
"briefly unavailable", with Retry-After, as /healthz would, rather than the 500 page meant for bugs.
"""

import sys
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections, transaction
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.access import public


def check_database():
    # A new connection each time: the question is whether this instance can reach the database now,
    # not whether an old connection is still open.
    connection = connections.create_connection(DEFAULT_DB_ALIAS)
    if connection.vendor == "postgresql":
        options = {**connection.settings_dict["OPTIONS"], "connect_timeout": _timeout_seconds()}
        connection.settings_dict = {**connection.settings_dict, "OPTIONS": options}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()


def _timeout_seconds():
    return max(1, round(settings.HEALTHCHECK_TIMEOUT_SECONDS))


def check_broker():
    import redis

    timeout = settings.HEALTHCHECK_TIMEOUT_SECONDS
    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=timeout, socket_connect_timeout=timeout)
    try:
        client.ping()
    finally:
        client.close()


def _run(check):
    started = time.monotonic()
    try:
        check()
    except Exception as exc:  # any failure means "down"; the kind of error is reported, not raised
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


@public
@never_cache
@require_GET
@transaction.non_atomic_requests
def healthz(request):
    checks = {"database": _run(check_database)}
    if settings.REDIS_URL:
        checks["broker"] = _run(check_broker)
    healthy = all(c["ok"] for c in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


RETRY_AFTER_SECONDS = 60


def is_database_outage(error):
    """Whether the error, or one it arose from, is the database refusing, dropping or timing out."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def server_error(request):
    """handler500. Django calls it while handling the error, so sys.exc_info() is that error."""
    if not is_database_outage(sys.exc_info()[1]):
        return defaults.server_error(request)
    # Rendered without the request: context processors would query the database that is down.
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
