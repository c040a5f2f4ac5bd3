"""RSS, Atom and JSON Feed: public articles with authors, categories, dates and content."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import etree

from tests.factories import ArticleFactory, AuthorFactory, draft

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def xml(response):
    assert response.status_code == 200
    return etree.fromstring(response.content)


@pytest.fixture
def hidden(section, author):
    return draft(headline="Zhidden draft", section=section, tags=["NATO"], authors=[author])


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/rss/",
        "/feeds/sections/world/rss/",
        "/feeds/tags/nato/rss/",
        "/feeds/authors/olena-kovalenko/rss/",
    ],
)
def test_rss_feeds_list_public_articles_with_their_details(client, article, hidden, url):
    channel = xml(client.get(url)).find("channel")
    items = channel.findall("item")

    assert [item.findtext("title") for item in items] == [article.headline]
    item = items[0]
    assert item.findtext("link") == f"http://testserver{article.get_absolute_url()}"
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Olena Kovalenko"
    assert {c.text for c in item.findall("category")} == {"World", "NATO", "Ukraine"}
    assert item.findtext("pubDate")
    assert "<h2>A sub-heading</h2>" in item.findtext("description")


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/atom/",
        "/feeds/sections/world/atom/",
        "/feeds/tags/nato/atom/",
        "/feeds/authors/olena-kovalenko/atom/",
    ],
)
def test_atom_feeds_carry_author_link_and_both_dates(client, article, hidden, url):
    feed = xml(client.get(url))
    entries = feed.findall(f"{ATOM}entry")

    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [article.headline]
    entry = entries[0]
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Olena Kovalenko"
    assert (
        entry.find(f"{ATOM}author").findtext(f"{ATOM}uri")
        == "http://testserver/authors/olena-kovalenko/"
    )
    assert entry.findtext(f"{ATOM}published")
    assert entry.findtext(f"{ATOM}updated")


def test_summary_instead_of_full_content_by_setting(client, article, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "FEED_FULL_CONTENT": False}

    item = xml(client.get("/feeds/rss/")).find("channel/item")

    assert item.findtext("description") == article.standfirst


def test_json_feed_follows_version_1_1(client, article, hidden):
    response = client.get("/feeds/feed.json")
    feed = json.loads(response.content)

    assert response["Content-Type"].startswith("application/feed+json")
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "http://testserver/feeds/feed.json"
    [item] = feed["items"]
    assert item["title"] == article.headline
    assert item["url"] == f"http://testserver{article.get_absolute_url()}"
    assert item["authors"] == [
        {"name": "Olena Kovalenko", "url": "http://testserver/authors/olena-kovalenko/"}
    ]
    assert set(item["tags"]) == {"World", "NATO", "Ukraine"}
    assert item["date_published"] == article.published_at.isoformat()
    assert "<h2>A sub-heading</h2>" in item["content_html"]
    assert item["summary"] == article.standfirst


def test_several_authors_are_all_credited(client, section):
    ArticleFactory(
        section=section,
        authors=[
            AuthorFactory(name="Ann One"),
            AuthorFactory(name="Bo Two"),
            AuthorFactory(name="Cy"),
        ],
    )

    item = xml(client.get("/feeds/rss/")).find("channel/item")
    [entry] = json.loads(client.get("/feeds/feed.json").content)["items"]

    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Ann One, Bo Two and Cy"
    assert [author["name"] for author in entry["authors"]] == ["Ann One", "Bo Two", "Cy"]


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/sections/nowhere/rss/",
        "/feeds/tags/secret/rss/",
        "/feeds/authors/secret-source/atom/",
    ],
)
def test_feeds_of_unknown_or_unpublished_things_are_404(client, section, url):
    draft(section=section, tags=["Secret"], authors=[AuthorFactory(slug="secret-source")])

    assert client.get(url).status_code == 404


def test_feeds_are_newest_first_and_limited(client, section, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "FEED_ITEMS": 3}
    now = timezone.now()
    for hours in range(5):
        ArticleFactory(
            section=section, headline=f"Hour {hours}", published_at=now - timedelta(hours=hours + 1)
        )

    titles = [i.findtext("title") for i in xml(client.get("/feeds/rss/")).iter("item")]

    assert titles == ["Hour 0", "Hour 1", "Hour 2"]


@pytest.mark.parametrize(
    ("url", "feeds"),
    [
        ("/", ["/feeds/rss/", "/feeds/atom/", "/feeds/feed.json"]),
        ("/world/", ["/feeds/sections/world/rss/", "/feeds/sections/world/atom/"]),
        ("/tags/nato/", ["/feeds/tags/nato/rss/", "/feeds/tags/nato/atom/"]),
        (
            "/authors/olena-kovalenko/",
            ["/feeds/authors/olena-kovalenko/rss/", "/feeds/authors/olena-kovalenko/atom/"],
        ),
    ],
)
def test_pages_advertise_their_feeds(client, article, url, feeds):
    page = etree.HTML(client.get(url).content)
    advertised = page.xpath('//head/link[@rel="alternate"]/@href')

    for feed in feeds:
        assert feed in advertised
        assert client.get(feed).status_code == 200


def test_feed_queries_do_not_grow_with_articles(
    client, section, author, django_assert_max_num_queries
):
    ArticleFactory.create_batch(3, section=section, authors=[author], tags=["a", "b"])
    with django_assert_max_num_queries(8) as first:
        client.get("/feeds/rss/")
    ArticleFactory.create_batch(12, section=section, authors=[AuthorFactory()], tags=["c"])
    with django_assert_max_num_queries(len(first)):
        client.get("/feeds/atom/")


def test_item_ids_survive_a_change_of_address(client, article):
    before = xml(client.get("/feeds/rss/")).findtext("channel/item/guid")
    article.slug = "a-new-slug"
    article.save()

    after = xml(client.get("/feeds/rss/")).findtext("channel/item/guid")

    assert (
        before == after == (f"tag:testserver,{article.published_at:%Y-%m-%d}:article:{article.pk}")
    )


def test_control_characters_never_break_a_feed(client, section, author):
    # XML cannot carry them: one in a headline or a tag made every feed with it a 500.
    ArticleFactory(
        section=section,
        headline="Pasted\x0b from a wire\x01",
        standfirst="Text\x1b with escapes",
        body="<p>Body\x08 text</p>",
        tags=["Tag\x02"],
        authors=[author],
    )

    for url in ["/feeds/rss/", "/feeds/atom/", "/feeds/tags/tag/rss/", "/news-sitemap.xml"]:
        assert b"Pasted from a wire" in etree.tostring(xml(client.get(url))), url


def test_a_summary_in_the_feed_is_escaped_html(client, article, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "FEED_FULL_CONTENT": False}
    article.standfirst = "Tom & Jerry <script>alert(1)</script>"
    article.save()

    item = xml(client.get("/feeds/rss/")).find("channel/item")

    # Feed readers show the description as HTML: the text must arrive as text.
    assert item.findtext("description") == "Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;"
