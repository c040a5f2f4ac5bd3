"""Sitemaps for search engines: every public page, a Google News sitemap, and robots.txt."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max, OuterRef
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from .models import Article, Author, Section, TaggedArticle

# The sitemaps protocol allows 50,000 URLs per file; Google News 1,000 per news sitemap.
NEWS_SITEMAP_LIMIT = 1000
NEWS_SITEMAP_AGE = timedelta(days=2)
# Django's own gives lastmod as a date; a newsroom updates articles within the day.
SITEMAP_TEMPLATE = "articles/sitemap.xml"


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


class SectionSitemap(Sitemap):
    def items(self):
        latest = Article.objects.published().filter(section=OuterRef("pk"))
        return Section.objects.annotate(
            lastmod=latest.order_by("-published_at").values("published_at")[:1]
        ).order_by("position", "name")

    def lastmod(self, section):
        return section.lastmod


class AuthorSitemap(Sitemap):
    def items(self):
        # The filter comes first, so the annotation only sees the public articles.
        return (
            Author.objects.filter(bylines__article__in=Article.objects.published())
            .annotate(lastmod=Max("bylines__article__published_at"))
            .order_by("slug")
        )

    def lastmod(self, author):
        return author.lastmod


class TagSitemap(Sitemap):
    def items(self):
        public = Article.objects.published()
        tagged_public = TaggedArticle.objects.filter(
            tag=OuterRef("pk"), content_object__in=public
        ).order_by("-content_object__published_at")
        return (
            Tag.objects.annotate(lastmod=tagged_public.values("content_object__published_at")[:1])
            .filter(lastmod__isnull=False)
            .order_by("slug")
        )

    def location(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})

    def lastmod(self, tag):
        return tag.lastmod


class PageSitemap(Sitemap):
    def items(self):
        return ["articles:front_page", "articles:archive"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return Article.objects.published().aggregate(latest=Max("published_at"))["latest"]


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
