"""Malformed requests get a clear 4xx, never a 500: absurd page numbers, impossible dates,
invalid JSON, wrong types and oversized bodies, on pages, feeds, the API and the admin."""

import base64

import pytest
from django.test import Client

from articles.models import Article
from tests.api.conftest import Api, token_for
from tests.conftest import admin_form

pytestmark = pytest.mark.django_db

HUGE = "1" + "0" * 30
BAD_PAGES = ["-1", "0", HUGE, "abc", "1.5", "%00", "1e3", "99"]


def cursor(text):
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.fixture
def lenient_client(article):
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("page", BAD_PAGES)
@pytest.mark.parametrize(
    "path",
    [
        "/world/",
        "/tags/nato/",
        "/authors/olena-kovalenko/",
        "/search/?q=headline&",
        "/archive/{year}/",
        "/archive/{year}/{month}/",
    ],
)
def test_absurd_page_numbers_on_pages_are_404s(lenient_client, article, path, page):
    path = path.format(year=article.published_at.year, month=f"{article.published_at:%m}")
    joiner = "" if path.endswith("&") else "?"

    response = lenient_client.get(f"{path}{joiner}page={page}")

    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/archive/0/",
        "/archive/0001/01/",
        "/archive/9999/",
        "/archive/9999/12/",
        "/archive/99999/",
        f"/archive/{HUGE}/",
        "/archive/2025/00/",
        "/archive/2025/13/",
        f"/archive/2025/{HUGE}/",
        "/feeds/tags/no-such-tag/rss/",
        "/feeds/authors/nobody/atom/",
        "/feeds/sections/nowhere/rss/",
        "/tags/%00/",
        "/no-such-section/%ff/",
    ],
)
def test_impossible_dates_and_unknown_objects_are_404s(lenient_client, path):
    assert lenient_client.get(path).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=abc",
        "page=1e3",
        "page_size=0",
        f"page_size={HUGE}",
        "published_after=notadate",
        "published_after=2025-13-45",
        "published_before=9999-12-31T23:59:59-23:59",
        "published_after=0001-01-01T00:00:00%2B05:00",
        "updated_after=0000-00-00",
        "ordering=password",
        "fields=secret",
        "expand=everything",
        "status=zzz",
        "tag_match=some",
        f"q={'word ' * 100}",
    ],
)
def test_bad_list_parameters_are_400_problems(lenient_client, query):
    response = lenient_client.get(f"/api/v1/articles/?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["parameter"]


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/articles/?page={HUGE}",
        f"/api/v1/articles/{HUGE}/",
        f"/api/v1/sections/{HUGE}/",
        f"/api/v1/tags/{HUGE}/",
        f"/api/v1/authors/{HUGE}/",
        "/api/v1/articles/?format=xml",
        "/api/v1/articles/by-slug/%00/",
        "/api/v1/articles/by-external-id/%ff/",
        "/api/v1/articles/by-url/?url=%00",
        f"/api/v1/articles/by-url/?url=/world/{HUGE}/",
    ],
)
def test_what_does_not_exist_is_a_404(lenient_client, url):
    assert lenient_client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        # An unclosed IPv6 address made urlsplit() raise: it was a 500.
        "/api/v1/articles/by-url/?url=http://[::1",
        "/api/v1/articles/by-url/?url=",
        "/api/v1/articles/changes/?cursor=zzz",
        f"/api/v1/articles/changes/?cursor={cursor('2025-01-01T00:00:00|x')}",
        # A cursor time at year 1 east of UTC did not convert to UTC: it was a 500.
        f"/api/v1/articles/changes/?cursor={cursor('0001-01-01T00:00:00+05:00|1')}",
        "/api/v1/articles/changes/?limit=0",
        "/api/v1/articles/changes/?limit=abc",
        # A NUL reached PostgreSQL, which refuses it: a DataError, so a 503.
        "/api/v1/articles/by-url/?url=/world/%00/",
        "/api/v1/articles/by-external-id/wire%00/",
    ],
)
def test_malformed_lookups_and_cursors_are_400s(lenient_client, url):
    response = lenient_client.get(url)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "body",
    [
        '{"headline": ',
        "[1, 2]",
        '"a string"',
        "null",
        '{"headline": ["x"], "section": "world"}',
        '{"headline": null, "section": "world"}',
        '{"headline": "x", "section": 5}',
        '{"headline": "x", "section": "world", "tags": "nato"}',
        '{"headline": "x", "section": "world", "tags": [["nested"]]}',
        '{"headline": "x", "section": "world", "bylines": "x"}',
        '{"headline": "x", "section": "world", "body": {"html": "<p>"}}',
        '{"headline": "x", "section": "world", "language": 5}',
        '{"headline": "' + "x" * 301 + '", "section": "world"}',
        '{"headline": "null\\u0000byte", "section": "world"}',
        '{"headline": "x", "section": "world", "status": "published"}',
    ],
)
def test_invalid_json_and_wrong_types_are_400s(editor, section, body):
    api = Api(token_for(editor))

    response = api.client.post(
        "/api/v1/articles/", data=body, content_type="application/json", headers=api.headers
    )

    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("publish", '{"at": "notadate"}'),
        ("publish", '{"at": "99999-01-01T00:00:00Z"}'),
        ("publish", '{"at": "0001-01-01T00:00:00+05:00"}'),
        ("publish", '{"at": 1700000000}'),
        ("embargo", '{"until": "9999-12-31T23:59:59-05:00"}'),
        ("embargo", "{}"),
        ("expiry", '{"at": "2025-02-30T00:00:00Z"}'),
        ("corrections", '{"text": ["x"]}'),
        ("corrections", '{"text": "x", "kind": "retraction"}'),
        ("return-to-draft", '{"comment": {"why": "x"}}'),
    ],
)
def test_invalid_dates_and_values_in_actions_are_400s(editor, article, action, body):
    api = Api(token_for(editor))

    response = api.client.post(
        f"/api/v1/articles/{article.pk}/{action}/",
        data=body,
        content_type="application/json",
        headers=api.headers,
    )

    assert response.status_code == 400, response.content


def test_wrong_content_type_and_preconditions_are_4xx(editor, article):
    api = Api(token_for(editor))
    url = f"/api/v1/articles/{article.pk}/"

    form = api.client.post(
        "/api/v1/articles/",
        data="headline=x",
        content_type="application/x-www-form-urlencoded",
        headers=api.headers,
    )
    garbage_etag = api.patch(url, {"headline": "y"}, headers={"If-Match": "garbage"})
    upsert_list = api.put("/api/v1/articles/by-external-id/wire-1/", [1])

    assert form.status_code == 415
    assert garbage_etag.status_code == 412
    assert upsert_list.status_code == 400


def test_oversized_bodies_are_refused(editor_client, editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    api = Api(token_for(editor))

    admin = editor_client.post("/admin/articles/article/add/", {"headline": "x" * 20_000})
    many_fields = editor_client.post(
        "/admin/articles/article/add/", {f"field{n}": "1" for n in range(1500)}
    )
    api_body = api.post("/api/v1/articles/", {"headline": "x", "body": "x" * 20_000})

    assert admin.status_code == 400
    assert many_fields.status_code == 400
    assert api_body.status_code == 413


@pytest.mark.parametrize(
    "query",
    [
        "published_at__year=abc",
        "published_at__year=99999",
        # Django's own date hierarchy overflowed computing the month after 9999-12: a 500.
        "published_at__year=9999&published_at__month=12",
        "published_at__year=2025&published_at__month=13",
        "published_at__gte=notadate",
        "status__exact=zzz",
        "p=-1",
        "o=abc",
        "tag=no-such-tag",
        "q=%00",
    ],
)
def test_bad_admin_list_parameters_never_fail(editor_client, article, query):
    response = editor_client.get(f"/admin/articles/article/?{query}")

    assert response.status_code in (200, 302)


def test_bad_admin_addresses_are_404s(editor_client, article):
    base = f"/admin/articles/article/{article.pk}"

    assert editor_client.get(f"{base}/history/compare/?a=abc").status_code == 404
    assert editor_client.get(f"{base}/history/compare/?a={HUGE}").status_code == 404
    assert editor_client.get(f"{base}/history/{HUGE}/restore/").status_code == 404
    assert editor_client.get(f"/admin/articles/article/{HUGE}/preview/").status_code == 404
    assert editor_client.get(f"/admin/articles/article/{HUGE}/history/").status_code == 404


def test_nul_characters_never_reach_the_database(editor_client, editor, section):
    """PostgreSQL refuses NUL in text; SQLite stores it. Either way it is stopped first."""
    api = Api(token_for(editor))

    suggestions = editor_client.get("/admin/articles/article/tag-suggestions/?term=%00")
    upsert = api.put("/api/v1/articles/by-external-id/wire%00/", {"headline": "x"})
    form = admin_form(editor_client, "/admin/articles/article/add/")
    added = editor_client.post(
        "/admin/articles/article/add/",
        {**form, "headline": "Tagged", "section": section.pk, "tags": ["Kyiv\x00", "\x00"]},
    )

    assert suggestions.status_code == 200
    assert upsert.status_code == 400
    assert added.status_code == 302
    assert list(Article.objects.get(headline="Tagged").tags.names()) == ["Kyiv"]
