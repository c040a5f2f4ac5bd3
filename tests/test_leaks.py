"""Nothing unpublished leaks.

A draft, an article in review, a scheduled, an embargoed, a withdrawn and an expired
article each carry a marker word of their own — in the headline, standfirst, body, slug,
external id, a tag and an author that nothing else uses. A crawl of every public surface
(following every link found on the site's own pages, feeds, sitemaps and API responses,
from a list of entry points) must never meet a marker. The rule must also be exact: the
embargoed article is there for a partner with embargo access, and every hidden article for
staff in the preview.
"""

import json
import re
from collections import deque
from datetime import timedelta
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import lxml.html
import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from articles import views
from articles.models import Article
from tests.api.conftest import Api, token_for, user_in
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

HIDDEN = ["draft", "inreview", "scheduled", "embargoed", "withdrawn", "expired"]
MAX_REQUESTS = 800
HOST = "http://testserver"
SKIPPED_PREFIXES = ("/static/", "/media/", "/admin/")
URL_IN_TEXT = re.compile(r"https?://testserver[^\s<>\"'\\]*")
LINK_HEADER = re.compile(r"<([^>]+)>")


def marker(state):
    # Lower case and one word: full-text search finds it, and a search for it in capitals
    # echoes the capitals, so an echo is never mistaken for a leak.
    return f"leakmark{state}"


@pytest.fixture
def newsroom(monkeypatch, settings):
    # Small pages, so that every list has a second page to follow.
    monkeypatch.setattr(views.PublicArticleListView, "paginate_by", 3)
    monkeypatch.setattr(views.YearArchive, "paginate_by", 3)
    monkeypatch.setattr(views.MonthArchive, "paginate_by", 3)
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "100000/minute", "token": "100000/minute"},
    }
    settings.NEWSROOM_API = {**settings.NEWSROOM_API, "FEED_SETTLE_SECONDS": 0}

    now = timezone.now()
    world = SectionFactory(name="World", slug="world")
    business = SectionFactory(name="Business", slug="business")
    staff = AuthorFactory(name="Staff Reporter", slug="staff-reporter")
    public = [
        ArticleFactory(
            section=world if number % 2 else business,
            headline=f"Public story publicmark{number}",
            tags=["Shared", f"Public {number}"],
            authors=[staff],
            published_at=now - timedelta(hours=2 + number),
        )
        for number in range(7)
    ]
    states = {
        "draft": {"status": Article.Status.DRAFT, "published_at": None},
        "inreview": {"status": Article.Status.IN_REVIEW, "published_at": None},
        "scheduled": {"published_at": now + timedelta(hours=2)},
        "embargoed": {"embargo_until": now + timedelta(hours=2)},
        "withdrawn": {
            "status": Article.Status.WITHDRAWN,
            "published_at": now - timedelta(hours=3),
            "first_published_at": now - timedelta(hours=3),
        },
        "expired": {
            "published_at": now - timedelta(hours=4),
            "expires_at": now - timedelta(hours=1),
        },
    }
    hidden = {}
    for state, fields in states.items():
        word = marker(state)
        hidden[state] = ArticleFactory(
            section=world,
            headline=f"Headline {word}",
            slug=f"story-{word}",
            standfirst=f"Standfirst {word}",
            body=f"<p>Body {word}.</p>",
            meta_description=f"Description {word}",
            lead_image_caption=f"Caption {word}",
            external_id=f"wire-{word}",
            # The shared tag, author and section put it next to public articles on every
            # list, related-articles box, count and feed, should the rule ever slip.
            tags=["Shared", f"Tag {word}"],
            authors=[AuthorFactory(name=f"Writer {word}", slug=f"writer-{word}"), staff],
            **{"published_at": now - timedelta(hours=1), **fields},
        )
    return {"public": public, "hidden": hidden}


def links_in(response):
    """Every address a response points to: HTML attributes, URLs in XML and text, strings
    in JSON, and the Link header."""
    content_type = response.get("Content-Type", "")
    text = response.content.decode()
    found = LINK_HEADER.findall(response.get("Link", ""))
    if "html" in content_type and text.strip():
        document = lxml.html.fromstring(text)
        for element in document.iter():
            found += [element.get(name) for name in ("href", "src", "action") if element.get(name)]
    elif "json" in content_type:
        found += [value for value in strings_in(json.loads(text or "null")) if is_ours(value)]
    else:
        found += URL_IN_TEXT.findall(text)
    return found


def strings_in(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from strings_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings_in(value)
    elif isinstance(data, str):
        yield data


def is_ours(value):
    return value.startswith((HOST + "/", "/")) and not value.startswith("//")


def local(url, base):
    """The path and query of a link on this site, or None for anywhere else."""
    if url.startswith(("mailto:", "tel:", "#", "javascript:", "data:")):
        return None
    if url.startswith("?"):
        url = urlsplit(base).path + url
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def scanned_text(url, response):
    """Headers and body, less what merely echoes the request's own address (a 404's
    `instance`, pagination links repeating the query): a guessed address is no leak."""
    headers = " ".join(f"{name}: {value}" for name, value in response.items())
    text = f"{headers}\n{response.content.decode()}"
    parts = urlsplit(url)
    echoes = [parts.path, *(value for _, value in parse_qsl(parts.query))]
    for echo in sorted(echoes, key=len, reverse=True):
        for form in (echo, quote(echo), quote(echo, safe=""), unquote(echo)):
            text = text.replace(form, "")
    return text


def crawl(client, entry_points, markers):
    """Visit entry points and everything they link to on this site; return
    {url: status} and fail on the first page that shows a marker."""
    queue, seen, visited = deque(entry_points), set(entry_points), {}
    while queue:
        assert len(visited) < MAX_REQUESTS, "the crawl did not end; is a link looping?"
        url = queue.popleft()
        response = client.get(url)
        visited[url] = response.status_code
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        text = scanned_text(url, response)
        for word in markers:
            assert word not in text, f"{url} shows “{word}”"
        if response.status_code != 200:
            continue
        for link in links_in(response):
            target = local(link, url)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
    return visited


def entry_points(newsroom):
    """Where the crawl starts: every surface reachable without a link, and guesses at the
    hidden articles' own addresses."""
    points = [
        "/",
        "/robots.txt",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/feed.json",
        "/archive/",
        "/api/v1/articles/?page_size=3",
        "/api/v1/articles/?page_size=3&format=ninjs",
        "/api/v1/articles/?page_size=3&status=draft,in_review,withdrawn",
        "/api/v1/articles/changes/?limit=3",
        "/api/v1/articles/changes/?limit=3&expand=section,bylines",
        "/api/v1/sections/",
        "/api/v1/tags/?page_size=3",
        "/api/v1/authors/?page_size=3",
        "/api/v1/schema/?format=json",
    ]
    for article in newsroom["public"]:
        points += api_addresses(article)
    for state, article in newsroom["hidden"].items():
        word = marker(state)
        # Searches in capitals: the page and the API echo the query, never in lower case.
        points += [f"/search/?q={word.upper()}", f"/api/v1/articles/?q={word.upper()}"]
        points += [
            article.get_absolute_url(),
            f"/tags/tag-{word}/",
            f"/authors/writer-{word}/",
            f"/feeds/tags/tag-{word}/rss/",
            f"/feeds/authors/writer-{word}/atom/",
            f"/api/v1/articles/?tag=tag-{word}",
            f"/api/v1/articles/?author=writer-{word}",
            *api_addresses(article),
        ]
        if article.published_at:
            points.append(f"/archive/{article.published_at:%Y/%m}/")
        points += [f"/api/v1/tags/{tag.pk}/" for tag in article.tags.all()]
        points += [f"/api/v1/authors/{byline.author_id}/" for byline in article.bylines.all()]
    return list(dict.fromkeys(points))


def api_addresses(article):
    return [
        f"/api/v1/articles/{article.pk}/",
        f"/api/v1/articles/{article.pk}/?format=ninjs",
        f"/api/v1/articles/by-slug/{quote(article.slug)}/",
        f"/api/v1/articles/by-url/?url={quote(article.get_absolute_url())}",
        f"/api/v1/articles/by-external-id/{article.external_id}/" if article.external_id else None,
    ][: 5 if article.external_id else 4]


def test_no_public_surface_shows_an_unpublished_article(newsroom):
    markers = [marker(state) for state in HIDDEN]

    visited = crawl(Client(), entry_points(newsroom), markers)

    # The crawl reached every kind of page, or its silence would prove nothing.
    ok = {unquote(url) for url, status in visited.items() if status == 200}
    for article in newsroom["public"]:
        assert unquote(article.get_absolute_url()) in ok
    expected = [
        "/business/?page=2",
        "/tags/shared/?page=2",
        "/authors/staff-reporter/?page=2",
        "/feeds/sections/world/rss/",
        "/feeds/tags/shared/atom/",
        "/feeds/authors/staff-reporter/rss/",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/feeds/feed.json",
        "/api/v1/articles/?page=2&page_size=3",
    ]
    assert [url for url in expected if url not in ok] == []
    assert any(url.startswith("/archive/") and "page=2" in url for url in ok)
    # Every hidden article's own address is a 404, like an address that never existed.
    for article in newsroom["hidden"].values():
        assert visited[article.get_absolute_url()] == 404
        assert visited[f"/api/v1/articles/{article.pk}/"] == 404


def test_the_crawl_sees_what_is_public(newsroom):
    """The same crawl finds the public articles' own words: it does read what it fetches."""
    public_markers = [f"publicmark{number}" for number in range(7)]
    found = set()
    client = Client()
    for url in ["/", "/world/", "/business/", "/feeds/rss/", "/api/v1/articles/"]:
        text = client.get(url).content.decode()
        found |= {word for word in public_markers if word in text}

    assert found == set(public_markers)


def test_counts_include_only_public_articles(newsroom):
    client = Client()

    tags = {tag["name"]: tag for tag in client.get("/api/v1/tags/?page_size=100").json()["results"]}
    authors = client.get("/api/v1/authors/?page_size=100").json()["results"]

    assert tags["Shared"]["article_count"] == len(newsroom["public"])
    assert [author["slug"] for author in authors] == ["staff-reporter"]
    assert client.get("/api/v1/articles/").json()["count"] == len(newsroom["public"])
    feed = client.get("/feeds/feed.json").json()
    assert len(feed["items"]) == len(newsroom["public"])


def test_the_embargoed_article_is_there_for_a_partner_with_embargo_access(newsroom):
    embargoed = newsroom["hidden"]["embargoed"]
    partner = user_in(None, "partner")
    with_access = Api(token_for(partner, embargo_access=True))
    without_access = Api(token_for(partner))
    word = marker("embargoed")

    assert word in with_access.get(f"/api/v1/articles/{embargoed.pk}/").content.decode()
    assert (
        word in with_access.get(f"/api/v1/articles/{embargoed.pk}/?format=ninjs").content.decode()
    )
    listed = with_access.get("/api/v1/articles/?page_size=100").content.decode()
    assert word in listed
    # Embargo access opens the embargo and nothing else.
    for state in HIDDEN:
        if state != "embargoed":
            assert marker(state) not in listed
    assert without_access.get(f"/api/v1/articles/{embargoed.pk}/").status_code == 404


def test_staff_see_every_hidden_article_in_the_preview(newsroom, editor_client):
    for state, article in newsroom["hidden"].items():
        response = editor_client.get(f"/admin/articles/article/{article.pk}/preview/")

        assert response.status_code == 200
        assert marker(state) in response.content.decode()
        assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_markers_are_not_in_the_site_name():
    """A guard for the test itself: a marker on every page would fail nothing usefully."""
    assert not any(marker(state) in django_settings.NEWSROOM["SITE_NAME"] for state in HIDDEN)
