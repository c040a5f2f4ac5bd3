"""Server error pages that work when the database does not."""

import sys

from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request):
    """500, or 503 with Retry-After when the database is unreachable.

    Both pages are plain templates that query nothing, so they render during an outage;
    Django reconnects on the next request, so the site recovers by itself.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, DatabaseError):
        body = loader.render_to_string("503.html")
        return HttpResponse(body, status=503, headers={"Retry-After": "30"})
    return HttpResponseServerError(loader.render_to_string("500.html"))
