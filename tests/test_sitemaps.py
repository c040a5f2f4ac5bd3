"""Sitemaps and robots.txt, validated against the sitemaps.org schemas in tests/standards."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sitemaps import Sitemap
from django.utils import timezone
from lxml import etree

from tests.factories import ArticleFactory, AuthorFactory, draft

pytestmark = pytest.mark.django_db

STANDARDS = Path(
    os.environ.get("NEWSROOM_STANDARDS", Path(__file__).resolve().parent / "standards")
)
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"s": SITEMAP_NS, "news": NEWS_NS}


def schema(name, *imports):
    """The sitemaps.org schema `name`, with the extension namespaces it allows imported."""
    path = STANDARDS / "sitemaps" / name
    if not path.exists():
        pytest.fail(f"The sitemap schemas are missing: {path} (set NEWSROOM_STANDARDS)")
    if not imports:
        return etree.XMLSchema(etree.parse(str(path)))
    imported = "".join(
        f'<xsd:import namespace="{namespace}" schemaLocation="{location.as_uri()}"/>'
        for namespace, location in [(SITEMAP_NS, path), *imports]
    )
    wrapper = f'<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">{imported}</xsd:schema>'
    return etree.XMLSchema(etree.fromstring(wrapper))


def valid(document, xml_schema):
    if not xml_schema.validate(document):
        pytest.fail(str(xml_schema.error_log))
    return document


def get_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return etree.fromstring(response.content)


def test_sitemap_lists_every_public_page_with_lastmod(client, article, author):
    draft(headline="Hidden", section=article.section, tags=["Secret"])
    document = valid(get_xml(client, "/sitemap.xml"), schema("sitemap.xsd"))

    urls = {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in document.findall("s:url", NS)
    }

    assert set(urls) == {
        "http://testserver/",
        "http://testserver/archive/",
        "http://testserver/world/",
        f"http://testserver{article.get_absolute_url()}",
        "http://testserver/tags/nato/",
        "http://testserver/tags/ukraine/",
        "http://testserver/authors/olena-kovalenko/",
    }
    assert urls[f"http://testserver{article.get_absolute_url()}"] == (
        article.published_at.replace(microsecond=0).isoformat()
    )
    assert all(urls.values())


def test_sitemap_becomes_an_index_when_it_would_exceed_the_limit(client, section, monkeypatch):
    ArticleFactory.create_batch(3, section=section)
    monkeypatch.setattr(Sitemap, "limit", 2)

    index = valid(get_xml(client, "/sitemap.xml"), schema("siteindex.xsd"))
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]

    assert "http://testserver/sitemap-articles.xml" in parts
    assert "http://testserver/sitemap-articles.xml?p=2" in parts
    for part in parts:
        valid(get_xml(client, part.removeprefix("http://testserver")), schema("sitemap.xsd"))


def test_news_sitemap_has_the_last_two_days_only(client, section):
    now = timezone.now()
    fresh = ArticleFactory(
        section=section,
        headline="Fresh <&> news",
        language="pt-BR",
        published_at=now - timedelta(hours=47),
    )
    ArticleFactory(section=section, published_at=now - timedelta(hours=49))
    ArticleFactory(section=section, published_at=now + timedelta(hours=1))
    news_schema = schema(
        "sitemap.xsd", (NEWS_NS, Path(__file__).parent / "schemas" / "sitemap-news.xsd")
    )

    document = valid(get_xml(client, "/news-sitemap.xml"), news_schema)
    [url] = document.findall("s:url", NS)

    assert url.findtext("s:loc", namespaces=NS) == f"http://testserver{fresh.get_absolute_url()}"
    assert url.findtext("news:news/news:title", namespaces=NS) == "Fresh <&> news"
    assert url.findtext("news:news/news:publication/news:language", namespaces=NS) == "pt"
    assert url.findtext("news:news/news:publication/news:name", namespaces=NS) == "Newsroom"


def test_news_sitemap_holds_at_most_a_thousand_articles(client, section, monkeypatch):
    from articles import sitemaps

    monkeypatch.setattr(sitemaps, "NEWS_SITEMAP_LIMIT", 2)
    ArticleFactory.create_batch(3, section=section)

    assert len(get_xml(client, "/news-sitemap.xml").findall("s:url", NS)) == 2


def test_the_news_sitemap_limit_is_googles():
    from articles import sitemaps

    assert sitemaps.NEWS_SITEMAP_LIMIT == 1000


def test_authors_and_tags_of_unpublished_articles_stay_out(client, section):
    draft(section=section, tags=["Secret merger"], authors=[AuthorFactory(slug="secret-source")])

    sitemap = client.get("/sitemap.xml").content.decode()

    assert "secret" not in sitemap


def test_robots_txt_points_to_both_sitemaps(client):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


@pytest.mark.parametrize("url", ["/sitemap.xml", "/news-sitemap.xml"])
def test_sitemaps_run_a_constant_number_of_queries(
    client, section, url, django_assert_max_num_queries
):
    def add(count):
        for number in range(count):
            ArticleFactory(section=section, tags=[f"tag{number}"], authors=[AuthorFactory()])

    add(2)
    with django_assert_max_num_queries(20) as first:
        client.get(url)
    add(10)
    with django_assert_max_num_queries(len(first)):
        client.get(url)
