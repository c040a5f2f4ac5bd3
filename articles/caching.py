"""
HTTP caching for the readers' site: validators, CDN headers and a server-side page cache.

A page is cached under its URL and the *content version*, which changes whenever what
any page shows may have changed:

- the newest `modified_at` among articles, read with one indexed query per request.
  Every workflow step (save, publish, withdraw, correction) saves the article, so the
  version moves the moment the change commits, in every process, with or without a
  tasks worker running;
- a generation number in the cache, bumped by invalidate_pages(): by the
  announce_article_change task, and when a section, author or tag (names, bios,
  navigation) changes.

A scheduled publication, an embargo's end or an expiry changes no row at all, so a cached
page is kept no longer than until the next such moment
(Article.objects.next_visibility_change()): it then drops out by itself, also without a
worker.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import connections, router, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import parse_http_date_safe
from taggit.models import Tag

from .models import Article, Author, Section

GENERATION_KEY = "newsroom:pages:generation"


def _settings():
    return settings.NEWSROOM["PAGE_CACHE"]


def _cache():
    return caches[_settings()["CACHE"]]


def invalidate_pages():
    """Make every cached page stale."""
    cache = _cache()
    cache.add(GENERATION_KEY, 0, timeout=None)
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # evicted between add() and incr()
        cache.set(GENERATION_KEY, 1, timeout=None)


def content_version():
    # Runs on every cached page view, where building this query through the ORM cost more
    # than the rest of serving the page; as plain SQL it is one index lookup. The value is
    # only compared, so the database's own text for the time serves as well as a datetime.
    database = connections[router.db_for_read(Article)]
    column = database.ops.quote_name(Article._meta.get_field("modified_at").column)
    table = database.ops.quote_name(Article._meta.db_table)
    with database.cursor() as cursor:
        cursor.execute(f"SELECT MAX({column}) FROM {table}")  # nosec B608: our own names
        (newest,) = cursor.fetchone()
    generation = _cache().get(GENERATION_KEY, 0)
    # No spaces: the version goes into cache keys, which memcached-style backends refuse
    # with whitespace.
    return f"{generation}.{newest}".replace(" ", "T")


def _seconds_to_keep():
    """How long a page may be kept: never past the next scheduled change (0: do not keep)."""
    seconds = _settings()["SECONDS"]
    change = Article.objects.next_visibility_change()
    if change is not None:
        # Rounded down, so the copy is gone by the time the change happens.
        seconds = min(seconds, int((change - timezone.now()).total_seconds()))
    return seconds


def _cacheable(request):
    # Staff browse with a session; they are never served (or given) a shared copy.
    return request.method in ("GET", "HEAD") and (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _key(request, version):
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"newsroom:page:{version}:{url}"


def _public_headers(response):
    config = _settings()
    set_response_etag(response)
    patch_cache_control(
        response,
        public=True,
        max_age=config["BROWSER_SECONDS"],
        s_maxage=config["CDN_SECONDS"],
        stale_while_revalidate=config["STALE_SECONDS"],
    )


def cache_public_page(view):
    """Serve anonymous GETs from the page cache; answer conditional requests with 304."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not _cacheable(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        key = _key(request, content_version())
        cache = _cache()
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code != 200:
                return response
            _public_headers(response)
            if (seconds := _seconds_to_keep()) > 0:
                cache.set(key, response, seconds)
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=_last_modified(response),
            response=response,
        )

    return cached_view


def _last_modified(response):
    header = response.get("Last-Modified")
    return parse_http_date_safe(header) if header else None


def _invalidate_after_commit(**kwargs):
    # Not before the commit: a page rendered in between would be cached as current.
    transaction.on_commit(invalidate_pages)


def connect_signals():
    for model in (Section, Author, Tag):
        for signal in (post_save, post_delete):
            signal.connect(_invalidate_after_commit, sender=model, dispatch_uid=f"pages-{model}")
