"""
HTTP validators: ETag and Last-Modified on every GET, 304 on If-None-Match /
If-Modified-Since, and If-Match on writes (412 on a mismatch, 428 when it is missing).

An ETag is a hash of the response body, so it changes whenever anything shown changes. An
article's ETag also names its version (`"<id>.v<version>.<hash>"`); If-Match compares that
version, which is the unit the workflow itself uses to detect concurrent edits.
"""

import hashlib
import re

from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_etags

from ..models import Article
from ..models.content import first_values
from .problems import PreconditionFailed, PreconditionRequired


def article_etag_prefix(article):
    return f"{article.pk}.v{article.version}."


def etag_for(content, prefix=""):
    return f'"{prefix}{hashlib.sha256(content).hexdigest()[:32]}"'


def content_stamp(at=None):
    """The latest moment article data changed as of `at`: an edit, a go-live, an expiry.

    Lists change when a published article goes live or expires with no row being written,
    so those moments count as changes too.
    """
    at = at or timezone.now()
    times = first_values(
        [
            Article.objects.order_by("-modified_at").values("modified_at"),
            *(
                Article.objects.filter(status=Article.Status.PUBLISHED, **{f"{field}__lte": at})
                .order_by(f"-{field}")
                .values(field)
                for field in ("published_at", "embargo_until", "expires_at")
            ),
        ]
    )
    return max((value for value in times if value), default=None)


def finalize(request, response, *, prefix="", last_modified=None):
    """Add ETag, Last-Modified and Vary to a successful response; 304 when the client's
    copy is current (GET/HEAD only)."""
    response.render()
    etag = etag_for(response.content, prefix)
    response["ETag"] = etag
    timestamp = int(last_modified.timestamp()) if last_modified else None
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    # Tokens may see more than the public: caches must keep their copies apart.
    patch_vary_headers(response, ["Authorization"])
    response["Cache-Control"] = "private, no-cache" if request.auth else "public, no-cache"
    if request.method not in ("GET", "HEAD"):
        return response
    return get_conditional_response(request, etag=etag, last_modified=timestamp, response=response)


def expected_version(request, article, *, required):
    """The article version named by If-Match, checked against the current one.

    Raises 428 when If-Match is required and missing, 412 when it names another version.
    Returns None when there is no If-Match (and none is required).
    """
    header = request.headers.get("If-Match")
    if not header:
        if required:
            raise PreconditionRequired()
        return None
    if header.strip() == "*":
        return article.version
    pattern = re.compile(rf'^"{article.pk}\.v(\d+)\.')
    versions = {int(m.group(1)) for tag in parse_etags(header) if (m := pattern.match(tag))}
    if article.version not in versions:
        raise PreconditionFailed(
            f"The article is now at version {article.version}, not the one your If-Match "
            "names. GET it again, reapply your change, and send the new ETag."
        )
    return article.version
