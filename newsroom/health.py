"""Health endpoints for load balancers and orchestrators."""

from django.core.cache import cache
from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache


@never_cache
def alive(request):
    """The process answers. Touches nothing else, so a database outage never restarts it."""
    return JsonResponse({"status": "ok"})


@never_cache
def ready(request):
    """Can serve: every database answers and the cache stores and returns a value."""
    checks = {}
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
            checks[f"database:{alias}"] = "ok"
        except DatabaseError as error:
            checks[f"database:{alias}"] = f"error: {error.__class__.__name__}"
    probe = get_random_string(12)
    cache.set("readyz-probe", probe, timeout=10)
    checks["cache"] = "ok" if cache.get("readyz-probe") == probe else "error: no round trip"
    healthy = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
