"""Sitemaps for search engines: every public page, a Google News sitemap, and robots.txt."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from .models import Article, Author, Byline, Section, TaggedArticle
from .models.content import first_values

# The sitemaps protocol allows 50,000 URLs per file; Google News 1,000 per news sitemap.
NEWS_SITEMAP_LIMIT = 1000
NEWS_SITEMAP_AGE = timedelta(days=2)
# Django's own gives lastmod as a date; a newsroom updates articles within the day.
SITEMAP_TEMPLATE = "articles/sitemap.xml"


def latest_published(articles):
    """The publication time of the newest of `articles` (public ones only), or None."""
    return (
        articles.published()
        .order_by("-published_at")
        .values_list("published_at", flat=True)
        .first()
    )


# Django's index asks each sitemap for its page count and its latest lastmod. Left to itself
# it counts through the lastmod annotations and finds the latest by reading every item, which
# at a million articles takes minutes; so each sitemap below keeps its annotation out of its
# filter (count() then drops it) and answers get_latest_lastmod() with one indexed query.


class ArticleSitemap(Sitemap):
    def items(self):
        return (
            Article.objects.published()
            .select_related("section")
            .only("slug", "section__slug", "published_at", "updated_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, article):
        return article.updated_at or article.published_at

    def get_latest_lastmod(self):
        # The greatest of updated_at-or-published_at, as two index-ordered reads
        # (article_update_idx, article_visible_idx) instead of a scan of every article.
        public = Article.objects.published()
        times = first_values(
            [
                public.filter(updated_at__isnull=False)
                .order_by("-updated_at")
                .values("updated_at"),
                public.filter(updated_at__isnull=True)
                .order_by("-published_at")
                .values("published_at"),
            ]
        )
        return max((time for time in times if time is not None), default=None)


class SectionSitemap(Sitemap):
    def items(self):
        latest = Article.objects.published().filter(section=OuterRef("pk"))
        return Section.objects.annotate(
            lastmod=latest.order_by("-published_at").values("published_at")[:1]
        ).order_by("position", "name")

    def lastmod(self, section):
        return section.lastmod

    def get_latest_lastmod(self):
        return latest_published(Article.objects)


class AuthorSitemap(Sitemap):
    def items(self):
        public = Article.objects.published().filter(bylines__author=OuterRef("pk"))
        return (
            Author.objects.filter(Exists(public))
            .annotate(lastmod=public.order_by("-published_at").values("published_at")[:1])
            .order_by("slug")
        )

    def lastmod(self, author):
        return author.lastmod

    def get_latest_lastmod(self):
        return latest_published(
            Article.objects.filter(Exists(Byline.objects.filter(article=OuterRef("pk"))))
        )


class TagSitemap(Sitemap):
    def items(self):
        public = Article.objects.published().filter(tagged_items__tag=OuterRef("pk"))
        return (
            Tag.objects.filter(Exists(public))
            .annotate(lastmod=public.order_by("-published_at").values("published_at")[:1])
            .order_by("slug")
        )

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def lastmod(self, tag):
        return tag.lastmod

    def get_latest_lastmod(self):
        tagged = TaggedArticle.objects.filter(content_object=OuterRef("pk"))
        return latest_published(Article.objects.filter(Exists(tagged)))


class PageSitemap(Sitemap):
    def items(self):
        return ["articles:front_page", "articles:archive"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return latest_published(Article.objects)


SITEMAPS = {
    "pages": PageSitemap,
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}


def sitemap_xml(request):
    """One sitemap while every URL fits in one file; a sitemap index once they would not."""
    counts = {name: sitemap().paginator.count for name, sitemap in SITEMAPS.items()}
    if sum(counts.values()) > Sitemap.limit:
        # An empty sitemap would not be valid: the index lists only those with URLs.
        listed = {name: SITEMAPS[name] for name, count in counts.items() if count}
        return sitemap_views.index(request, listed, sitemap_url_name="articles:sitemap_section")
    return sitemap_views.sitemap(request, SITEMAPS, template_name=SITEMAP_TEMPLATE)


def news_sitemap(request):
    """Google News: articles published in the last two days, newest first, at most 1,000."""
    articles = (
        Article.objects.published()
        .filter(published_at__gte=timezone.now() - NEWS_SITEMAP_AGE)
        .select_related("section")
        .latest_first()[:NEWS_SITEMAP_LIMIT]
    )
    entries = [(article, news_language(article.language)) for article in articles]
    return render(
        request,
        "articles/news_sitemap.xml",
        {"entries": entries, "publication": settings.NEWSROOM["SITE_NAME"]},
        content_type="application/xml",
    )


def news_language(code):
    """Google News takes ISO 639 codes, with zh-cn and zh-tw the only regional ones."""
    code = code.lower()
    return code if code in ("zh-cn", "zh-tw") else code.split("-")[0]


def robots_txt(request):
    return render(request, "articles/robots.txt", content_type="text/plain; charset=utf-8")
