"""
Telling a CDN which addresses changed, so readers do not wait out `s-maxage`.

announce_article_change (articles/tasks.py) calls purge_article() after every change
readers can see. The purger is chosen by the NEWSROOM_CDN_PURGER setting (a dotted path to
a class with a `purge(urls)` method); LoggingPurger, the default, only logs what it would
purge, HTTPPurger POSTs `{"urls": [...]}` to a purge endpoint. A purger never raises for a
CDN that fails or does not answer: the CDN then serves the old copy until it expires, which
is better than a publication that did not finish.
"""

import logging

import httpx
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import ArticleRedirect
from .sitemaps import SITEMAPS

logger = logging.getLogger(__name__)

SITE_WIDE = [
    "articles:front_page",
    "articles:archive",
    "articles:feed_rss",
    "articles:feed_atom",
    "articles:json_feed",
    "articles:sitemap",
    "articles:news_sitemap",
    "api:article-list",
]


def affected_paths(article):
    """Every path whose content may change when `article` is published, edited or withdrawn."""
    paths = [reverse(name) for name in SITE_WIDE]
    # Large sites get a sitemap index pointing to these (sitemaps.sitemap_xml).
    paths += [reverse("articles:sitemap_section", args=[name]) for name in SITEMAPS]
    paths += [
        article.get_absolute_url(),
        reverse("api:article-detail", kwargs={"pk": article.pk}),
        *ArticleRedirect.objects.filter(article=article).values_list("old_path", flat=True),
        article.section.get_absolute_url(),
        *_feeds("section_feed", article.section.slug),
    ]
    for tag in article.tags.all():
        paths += [reverse("articles:tag", kwargs={"slug": tag.slug}), *_feeds("tag_feed", tag.slug)]
    for author in article.authors.all():
        paths += [author.get_absolute_url(), *_feeds("author_feed", author.slug)]
    if article.published_at is not None:
        published = timezone.localtime(article.published_at)
        paths += [
            reverse("articles:archive_year", args=[published.year]),
            # Two digits, as the archive pages link to it: the CDN keys on the exact address.
            reverse("articles:archive_month", args=[published.year, f"{published.month:02d}"]),
        ]
    return list(dict.fromkeys(paths))


def _feeds(name, slug):
    return [reverse(f"articles:{name}_{kind}", kwargs={"slug": slug}) for kind in ("rss", "atom")]


def affected_urls(article):
    """affected_paths() as absolute URLs on the public site (NEWSROOM_BASE_URL)."""
    base = settings.NEWSROOM_API["BASE_URL"]
    return [base + path for path in affected_paths(article)]


def purge_article(article):
    get_purger().purge(affected_urls(article))


def get_purger():
    """An instance of the class named by NEWSROOM_CDN_PURGER."""
    path = settings.NEWSROOM_CDN_PURGER
    try:
        purger_class = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"NEWSROOM_CDN_PURGER is {path!r}, which cannot be imported ({exc}). Use "
            "articles.cdn.LoggingPurger, articles.cdn.HTTPPurger or your own class."
        ) from exc
    return purger_class()


class LoggingPurger:
    """Logs the addresses it would purge: for development, and sites without a CDN."""

    def purge(self, urls):
        logger.info("CDN purge (logged only): %s", " ".join(urls))


class HTTPPurger:
    """POSTs `{"urls": [...]}` with a bearer token to NEWSROOM_CDN_PURGE_URL."""

    def __init__(self):
        self.endpoint = settings.NEWSROOM_CDN_PURGE_URL
        self.token = settings.NEWSROOM_CDN_PURGE_TOKEN
        self.timeout = settings.NEWSROOM_CDN_PURGE_TIMEOUT
        if not self.endpoint:
            raise ImproperlyConfigured(
                "NEWSROOM_CDN_PURGER is articles.cdn.HTTPPurger but NEWSROOM_CDN_PURGE_URL is "
                "not set: give the CDN's purge endpoint, e.g. https://cdn.example.com/purge."
            )
        if not settings.NEWSROOM_API["BASE_URL"]:
            # A CDN purges full addresses; a bare path would purge nothing.
            raise ImproperlyConfigured(
                "articles.cdn.HTTPPurger needs NEWSROOM_BASE_URL, the public site's origin, "
                "e.g. NEWSROOM_BASE_URL=https://news.example.com."
            )

    def purge(self, urls):
        headers = {"User-Agent": "Newsroom-CDN-Purge/1"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            with httpx.Client(timeout=self.timeout, follow_redirects=False) as client:
                response = client.post(self.endpoint, json={"urls": urls}, headers=headers)
        except httpx.HTTPError as exc:
            logger.error("CDN purge of %d URLs failed: %s: %s", len(urls), type(exc).__name__, exc)
            return False
        if not response.is_success:
            logger.error(
                "CDN purge of %d URLs failed: HTTP %s: %s",
                len(urls),
                response.status_code,
                response.text[:500],
            )
            return False
        return True


@checks.register()
def check_purger(**kwargs):
    """A mistyped purger or a missing endpoint shows at start-up, not at the first publication."""
    try:
        get_purger()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="newsroom.E001")]
    return []
