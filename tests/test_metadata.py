"""What every page tells search engines and link previews, and the article's JSON-LD."""

import json

import pytest
from lxml import etree

from articles import publishing
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/world/",
    "/tags/nato/",
    "/authors/olena-kovalenko/",
    "/archive/",
    "/search/?q=nato",
]


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return etree.HTML(response.content).find("head")


def meta(page, selector):
    return page.xpath(f"meta[{selector}]/@content")


@pytest.mark.parametrize("url", [*PAGES, "article"])
def test_every_page_has_canonical_description_open_graph_and_twitter_tags(client, article, url):
    url = article.get_absolute_url() if url == "article" else url
    page = head(client, url)

    [canonical] = page.xpath('link[@rel="canonical"]/@href')
    assert canonical == f"http://testserver{url.split('?')[0]}" + ("?q=nato" if "?" in url else "")
    assert meta(page, '@name="description"')[0]
    for prop in ("og:title", "og:description", "og:url", "og:type", "og:site_name"):
        assert meta(page, f'@property="{prop}"')[0], prop
    for name in ("twitter:card", "twitter:title", "twitter:description"):
        assert meta(page, f'@name="{name}"')[0], name


def test_canonical_url_of_a_later_page_keeps_only_the_page_number(client, section):
    ArticleFactory.create_batch(21, section=section)

    page = head(client, "/world/?page=2&utm_source=mail")

    assert page.xpath('link[@rel="canonical"]/@href') == ["http://testserver/world/?page=2"]


def json_ld(client, article):
    page = head(client, article.get_absolute_url())
    [script] = page.xpath('script[@type="application/ld+json"]')
    return json.loads(script.text)


def test_article_json_ld_describes_a_news_article(client, section):
    authors = [AuthorFactory(name="Ann One", slug="ann"), AuthorFactory(name="Bo Two", slug="bo")]
    article = ArticleFactory(section=section, authors=authors, tags=["NATO", "Ukraine"])
    publishing.correct(article, by=None, text="The summit was on Tuesday.")

    data = json_ld(client, article)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.headline
    assert data["datePublished"].startswith(article.published_at.strftime("%Y-%m-%dT%H:%M"))
    assert data["dateModified"] >= data["datePublished"]
    assert data["author"] == [
        {"@type": "Person", "name": "Ann One", "url": "http://testserver/authors/ann/"},
        {"@type": "Person", "name": "Bo Two", "url": "http://testserver/authors/bo/"},
    ]
    assert data["publisher"]["name"] == "Newsroom"
    assert data["articleSection"] == "World"
    assert data["keywords"] == ["NATO", "Ukraine"]
    assert data["correction"][0]["text"] == "The summit was on Tuesday."
    assert data["mainEntityOfPage"] == f"http://testserver{article.get_absolute_url()}"


def test_json_ld_cannot_be_broken_out_of(client, section):
    article = ArticleFactory(
        section=section, headline="</script><script>alert(1)</script><!-- & -->"
    )

    html = client.get(article.get_absolute_url()).content.decode()
    data = json_ld(client, article)

    assert "<script>alert(1)" not in html
    assert data["headline"] == article.headline


def test_article_open_graph_describes_the_article(client, article):
    page = head(client, article.get_absolute_url())

    assert meta(page, '@property="og:type"') == ["article"]
    assert meta(page, '@property="og:title"') == [article.headline]
    assert meta(page, '@property="article:published_time"') == [
        article.published_at.replace(microsecond=0).isoformat()
    ]
    assert set(meta(page, '@property="article:tag"')) == {"NATO", "Ukraine"}


def test_article_in_another_language_keeps_the_sites_own_words_in_the_sites(client, section):
    article = ArticleFactory(section=section, language="uk", headline="Україна і НАТО")

    page = etree.HTML(client.get(article.get_absolute_url()).content)

    assert page.get("lang") == "uk"
    assert page.xpath('//header[@class="site-header"]/@lang') == ["en"]
    assert page.xpath('//footer[@class="site-footer"]/@lang') == ["en"]
