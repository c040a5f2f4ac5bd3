"""Server error pages that work when the database does not."""

import base64
import hashlib
import re
import sys

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.csp import CSP, build_policy
from django.views.decorators.csrf import requires_csrf_token

_INLINE_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


@requires_csrf_token
def server_error(request):
    """500, or 503 with Retry-After when the database is unreachable.

    Both pages are plain templates that query nothing, so they render during an outage;
    Django reconnects on the next request, so the site recovers by itself.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, DatabaseError):
        body = loader.render_to_string("503.html")
        response = HttpResponse(body, status=503, headers={"Retry-After": "30"})
        # The page carries its own stylesheet (it may depend on nothing else); the policy
        # allows exactly that stylesheet, by its hash. The middleware keeps a policy set here.
        response.headers[str(CSP.HEADER_ENFORCE)] = policy_with_inline_styles(body)
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))


def policy_with_inline_styles(html):
    hashes = [
        f"'sha256-{base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()}'"
        for style in _INLINE_STYLE.findall(html)
    ]
    config = {**settings.SECURE_CSP}
    config["style-src"] = [*config.get("style-src", [CSP.SELF]), *hashes]
    return build_policy(config)
