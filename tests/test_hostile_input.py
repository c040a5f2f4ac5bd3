"""Hostile input is harmless: XSS payloads sent in through every input path (the admin's
forms and tag widget, the importer, the API, search and URL parameters) come back out of
every page, feed and API response without executable markup."""

import json
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings

from tests.api.conftest import Api, token_for
from tests.hostile import EVERYTHING, PAYLOADS, executable_markup, plant

pytestmark = pytest.mark.django_db

UNTHROTTLED = {
    **settings.REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anonymous": "100000/minute", "token": "100000/minute"},
}


@pytest.fixture(scope="module")
def planted(django_db_setup, django_db_blocker):
    """Planted once for the module, in a transaction rolled back at its end; each test
    runs in a savepoint inside it."""
    from django.contrib.auth.models import User

    from tests.conftest import logged_in, member_of

    with django_db_blocker.unblock(), transaction.atomic():
        writer = member_of("Writers", User, "wanda-writer")
        editor = member_of("Editors", User, "eddie-editor")
        with override_settings(REST_FRAMEWORK=UNTHROTTLED):
            yield {
                **plant(
                    editor_client=logged_in(editor),
                    writer_api=Api(token_for(writer)),
                    editor_api=Api(token_for(editor)),
                ),
                "editor": editor,
            }
        transaction.set_rollback(True)


@pytest.fixture
def editor_client(planted):
    from tests.conftest import logged_in

    return logged_in(planted["editor"])


def assert_harmless(response, where):
    assert response.status_code < 500, where
    assert executable_markup(response.content.decode()) == [], where


@pytest.mark.parametrize(
    "dirty",
    PAYLOADS + [EVERYTHING],
    ids=[f"payload-{number}" for number in range(len(PAYLOADS))] + ["all"],
)
def test_the_sanitizer_leaves_nothing_executable(dirty):
    from articles.sanitize import sanitize_html

    assert executable_markup(sanitize_html(dirty)) == []


def test_the_check_itself_finds_executable_markup():
    """The checker must see what it is looking for, or every test here passes vacuously."""
    # Inert by themselves (not a javascript: URL to any browser, or plain text), or only
    # executable the way a browser repairs them (the browser test covers those).
    inert = {"homoglyph", "fullwidth", "{{ 7", "<body", "<scr<script>"}
    for payload in PAYLOADS:
        if not any(sign in payload for sign in inert) and not payload.endswith("//"):
            assert executable_markup(payload) != [], payload


def test_pages_show_hostile_content_as_text(planted, client):
    articles = planted["articles"]
    urls = [
        "/",
        "/archive/",
        "/tags/hostile/",
        *(article.get_absolute_url() for article in articles),
        *(section.get_absolute_url() for section in planted["sections"]),
        *(author.get_absolute_url() for author in planted["authors"]),
        *(f"/tags/hostile-tag-{number}/" for number in range(len(PAYLOADS))),
    ]
    for url in urls:
        assert_harmless(client.get(url), url)
    # The payloads really are on the pages, escaped: the text survives, the markup does not.
    page = client.get(articles[0].get_absolute_url()).content.decode()
    assert "&lt;script&gt;window.__pwned=1" in page


def test_search_results_and_queries_are_harmless(planted, client):
    for payload in PAYLOADS:
        response = client.get(f"/search/?q={quote(payload)}")
        assert_harmless(response, payload)
    # Link text of the payloads survives the sanitizer as words both backends index.
    found = client.get("/search/?q=homoglyph").content.decode()
    assert "<mark>" in found
    assert executable_markup(found) == []


@pytest.mark.parametrize("full_content", [True, False], ids=["body", "summary"])
def test_feeds_carry_only_sanitized_html(planted, client, settings, full_content):
    settings.NEWSROOM = {**settings.NEWSROOM, "FEED_FULL_CONTENT": full_content}
    for url in [
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/sections/hostile-0/rss/",
        "/feeds/tags/hostile/atom/",
        "/feeds/authors/hostile-author-1/rss/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        tree = ElementTree.fromstring(response.content)  # well-formed XML
        for element in tree.iter():
            if element.tag.rsplit("}", 1)[-1] in ("description", "content", "summary"):
                assert executable_markup(element.text or "") == [], url
    feed = client.get("/feeds/feed.json").json()
    for item in feed["items"]:
        assert executable_markup(item["content_html"]) == []
    sitemap = client.get("/news-sitemap.xml")
    ElementTree.fromstring(sitemap.content)  # well-formed, whatever the headlines hold


def test_api_responses_carry_only_sanitized_html(planted):
    api = Api()
    for article in planted["articles"]:
        data = api.get(f"/api/v1/articles/{article.pk}/").json()
        assert executable_markup(data["body"]) == []
        ninjs = api.get(f"/api/v1/articles/{article.pk}/?format=ninjs").json()
        for body in ninjs["bodies"]:
            assert executable_markup(body["value"]) == []


def test_the_browsable_api_shows_hostile_content_as_text(planted):
    client = Client()
    article = planted["articles"][0]
    for url in [
        "/api/v1/articles/?format=api",
        f"/api/v1/articles/{article.pk}/?format=api",
        "/api/v1/tags/?format=api",
        "/api/v1/authors/?format=api&expand=bylines",
        "/api/v1/sections/?format=api",
        "/api/v1/articles/changes/?format=api",
    ]:
        assert_harmless(client.get(url), url)


def test_admin_pages_show_hostile_content_as_text(planted, editor_client):
    article = planted["articles"][0]
    urls = [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/?q=%3Cscript%3E",
        f"/admin/articles/article/{article.pk}/change/",
        f"/admin/articles/article/{article.pk}/history/",
        f"/admin/articles/article/{article.pk}/history/compare/",
        f"/admin/articles/article/{article.pk}/history/1/restore/",
        f"/admin/articles/article/{article.pk}/preview/",
        "/admin/articles/section/",
        f"/admin/articles/section/{planted['sections'][0].pk}/change/",
        "/admin/articles/author/",
        f"/admin/articles/author/{planted['authors'][2].pk}/change/",
        "/admin/taggit/tag/",
        f"/admin/articles/article/tag-suggestions/?term={quote(PAYLOADS[0][:5])}",
    ]
    for url in urls:
        response = editor_client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("application/json"):
            json.loads(response.content)  # data for select2, which inserts it as text
            continue
        assert_harmless(response, url)


@pytest.mark.parametrize("payload", PAYLOADS[:8] + PAYLOADS[35:41])
@pytest.mark.parametrize(
    "path",
    [
        "/world/?page={}",
        "/search/?q={}&page={}",
        "/archive/2025/?page={}",
        "/api/v1/articles/?q={}",
        "/api/v1/articles/?fields={}",
        "/api/v1/articles/?expand={}",
        "/api/v1/articles/?ordering={}",
        "/api/v1/articles/?format=api&fields={}",
        "/api/v1/articles/?page={}&format=api",
        "/api/v1/articles/?format={}",
        "/api/v1/articles/by-url/?url={}&format=api",
        "/api/v1/articles/changes/?cursor={}&format=api",
        "/api/v1/docs/?lang={}",
        "/{}/",
    ],
)
def test_url_parameters_are_never_echoed_as_markup(client, article, path, payload):
    response = client.get(path.replace("{}", quote(payload, safe="")))

    assert response.status_code < 500
    if "html" in response.get("Content-Type", ""):
        assert executable_markup(response.content.decode()) == []
    else:
        assert "<script" not in response.get("Content-Type", "")
