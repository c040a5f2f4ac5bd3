from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from . import feeds, previews, sitemaps, views
from .caching import cache_public_page
from .converters import UnicodeSlugConverter

register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"


def feed_paths(prefix, name, rss, atom):
    return [
        path(f"{prefix}rss/", cache_public_page(rss()), name=f"{name}_rss"),
        path(f"{prefix}atom/", cache_public_page(atom()), name=f"{name}_atom"),
    ]


def page(view):
    return cache_public_page(view.as_view())


urlpatterns = [
    path("", page(views.FrontPageView), name="front_page"),
    path("search/", page(views.SearchView), name="search"),
    path("archive/", page(views.ArchiveView), name="archive"),
    path("archive/<int:year>/", page(views.YearArchive), name="archive_year"),
    path("archive/<int:year>/<int:month>/", page(views.MonthArchive), name="archive_month"),
    *feed_paths("feeds/", "feed", feeds.LatestRSS, feeds.LatestAtom),
    path("feeds/feed.json", cache_public_page(feeds.json_feed), name="json_feed"),
    *feed_paths(
        "feeds/sections/<uslug:slug>/", "section_feed", feeds.SectionRSS, feeds.SectionAtom
    ),
    *feed_paths("feeds/tags/<uslug:slug>/", "tag_feed", feeds.TagRSS, feeds.TagAtom),
    *feed_paths("feeds/authors/<uslug:slug>/", "author_feed", feeds.AuthorRSS, feeds.AuthorAtom),
    path(
        "sitemap.xml",
        cache_public_page(sitemaps.sitemap_xml),
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_public_page(sitemap),
        {"sitemaps": sitemaps.SITEMAPS, "template_name": sitemaps.SITEMAP_TEMPLATE},
        name="sitemap_section",
    ),
    path("news-sitemap.xml", cache_public_page(sitemaps.news_sitemap), name="news_sitemap"),
    path("robots.txt", cache_public_page(sitemaps.robots_txt), name="robots_txt"),
    path("tags/<uslug:slug>/", page(views.TagView), name="tag"),
    path("preview/<str:token>/", previews.shared_preview, name="shared_preview"),
    path("authors/<uslug:slug>/", page(views.AuthorView), name="author"),
    # Section paths come last: a section's slug may not shadow the paths above
    # (see slugs.RESERVED_SECTION_SLUGS).
    path("<uslug:slug>/", page(views.SectionView), name="section"),
    path("<uslug:section>/<uslug:slug>/", page(views.ArticleView), name="article"),
]
