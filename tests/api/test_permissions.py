"""Who may read and do what: anonymous, writer, editor and partner tokens."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.api.permissions import readable_articles
from articles.models import ApiToken, Article
from tests.api.conftest import Api, token_for
from tests.factories import ArticleFactory, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(section, writer, other_writer):
    return {
        "public": ArticleFactory(section=section, headline="Public", external_id="ext-public"),
        "own_draft": draft(
            section=section, headline="Own draft", created_by=writer, external_id="ext-own"
        ),
        "other_draft": draft(
            section=section,
            headline="Other draft",
            created_by=other_writer,
            external_id="ext-other",
        ),
        "embargoed": ArticleFactory(
            section=section,
            headline="Embargoed",
            embargo_until=timezone.now() + timedelta(hours=2),
        ),
        "scheduled": ArticleFactory(
            section=section,
            headline="Scheduled",
            published_at=timezone.now() + timedelta(hours=2),
        ),
        "withdrawn": ArticleFactory(
            section=section, headline="Withdrawn", status=Article.Status.WITHDRAWN
        ),
    }


@pytest.fixture
def apis(anonymous_api, writer_api, editor_api, partner_api, partner, other_writer):
    no_embargo = Api(token_for(partner))
    return {
        "anonymous": anonymous_api,
        "writer": writer_api,
        "other_writer": Api(token_for(other_writer)),
        "editor": editor_api,
        "partner": partner_api,
        "partner_without_embargo": no_embargo,
    }


READABLE = {
    "anonymous": {"public"},
    "partner_without_embargo": {"public"},
    "partner": {"public", "embargoed"},
    "writer": {"public", "own_draft"},
    "other_writer": {"public", "other_draft"},
    "editor": {"public", "own_draft", "other_draft", "embargoed", "scheduled", "withdrawn"},
}


@pytest.mark.parametrize("who", READABLE)
def test_each_caller_reads_exactly_what_they_may(apis, articles, who):
    api = apis[who]
    listed = api.get("/api/v1/articles/?page_size=100").json()["results"]

    assert {item["headline"] for item in listed} == {
        articles[name].headline for name in READABLE[who]
    }
    for name, article in articles.items():
        expected = 200 if name in READABLE[who] else 404
        assert api.get(f"/api/v1/articles/{article.pk}/").status_code == expected, name


def test_a_hidden_article_is_a_404_exactly_like_a_missing_one(apis, articles):
    hidden = apis["anonymous"].get(f"/api/v1/articles/{articles['other_draft'].pk}/")
    missing = apis["anonymous"].get("/api/v1/articles/999999/")

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["detail"] == missing.json()["detail"]
    assert hidden["Content-Type"] == missing["Content-Type"] == "application/problem+json"


def test_embargo_access_never_opens_drafts_or_expired_articles(partner_api, section):
    expired = ArticleFactory(
        section=section,
        embargo_until=timezone.now() + timedelta(hours=1),
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    in_review = draft(section=section, embargo_until=timezone.now() + timedelta(hours=1))
    in_review.status = Article.Status.IN_REVIEW
    in_review.save()

    assert partner_api.get(f"/api/v1/articles/{expired.pk}/").status_code == 404
    assert partner_api.get(f"/api/v1/articles/{in_review.pk}/").status_code == 404


def test_the_embargoed_article_is_public_for_everyone_once_its_embargo_ends(
    anonymous_api, articles, time_machine
):
    embargoed = articles["embargoed"]
    url = f"/api/v1/articles/{embargoed.pk}/"
    assert anonymous_api.get(url).status_code == 404

    time_machine.move_to(embargoed.embargo_until + timedelta(seconds=1))

    assert anonymous_api.get(url).status_code == 200


def test_readable_articles_is_the_one_rule(rf, articles, partner):
    token, _ = ApiToken.objects.create_token(user=partner, name="Partner", embargo_access=True)
    request = rf.get("/")
    request.user, request.auth = partner, token

    assert set(readable_articles(request)) == {articles["public"], articles["embargoed"]}


# Writes and actions: (caller, article, method, path, body) → status.
WRITE_MATRIX = [
    ("anonymous", None, "post", "", {"headline": "New", "section": "world"}, 401),
    ("partner", None, "post", "", {"headline": "New", "section": "world"}, 403),
    ("writer", None, "post", "", {"headline": "New", "section": "world"}, 201),
    ("editor", None, "post", "", {"headline": "New", "section": "world"}, 201),
    ("anonymous", "own_draft", "patch", "", {"headline": "Changed"}, 401),
    ("writer", "own_draft", "patch", "", {"headline": "Changed"}, 200),
    ("writer", "other_draft", "patch", "", {"headline": "Changed"}, 404),
    ("other_writer", "own_draft", "patch", "", {"headline": "Changed"}, 404),
    ("other_writer", "other_draft", "patch", "", {"headline": "Changed"}, 200),
    ("writer", "own_draft", "put", "", {"headline": "Replaced", "section": "world"}, 200),
    ("other_writer", "own_draft", "put", "", {"headline": "Replaced", "section": "world"}, 404),
    ("partner", "public", "put", "", {"headline": "Replaced", "section": "world"}, 403),
    ("anonymous", "public", "put", "", {"headline": "Replaced", "section": "world"}, 401),
    ("editor", "public", "put", "", {"headline": "Replaced", "section": "world"}, 200),
    ("other_writer", "own_draft", "post", "submit/", {}, 404),
    ("other_writer", "own_draft", "delete", "", None, 404),
    ("anonymous", "own_draft", "delete", "", None, 401),
    ("partner", "public", "delete", "", None, 403),
    ("writer", "public", "patch", "", {"headline": "Changed"}, 403),
    ("partner", "public", "patch", "", {"headline": "Changed"}, 403),
    ("editor", "other_draft", "patch", "", {"headline": "Changed"}, 200),
    ("editor", "public", "patch", "", {"headline": "Changed"}, 200),
    ("writer", "own_draft", "post", "submit/", {}, 200),
    ("writer", "other_draft", "post", "submit/", {}, 404),
    ("partner", "public", "post", "submit/", {}, 409),
    ("writer", "own_draft", "post", "publish/", {}, 403),
    ("partner", "public", "post", "withdraw/", {}, 403),
    ("anonymous", "public", "post", "withdraw/", {}, 401),
    ("editor", "own_draft", "post", "publish/", {}, 200),
    ("editor", "public", "post", "publish/", {}, 409),
    ("writer", "public", "post", "withdraw/", {}, 403),
    ("editor", "public", "post", "withdraw/", {}, 200),
    ("editor", "withdrawn", "post", "withdraw/", {}, 409),
    ("writer", "public", "post", "return-to-draft/", {"comment": "Fix"}, 403),
    ("editor", "public", "post", "return-to-draft/", {"comment": "Fix"}, 200),
    ("editor", "public", "post", "return-to-draft/", {"comment": ""}, 400),
    ("writer", "public", "post", "embargo/", {"until": None}, 403),
    ("editor", "public", "post", "embargo/", {"until": "2040-01-01T00:00:00Z"}, 200),
    ("writer", "public", "post", "expiry/", {"at": None}, 403),
    ("editor", "public", "post", "expiry/", {"at": "2040-01-01T00:00:00Z"}, 200),
    ("writer", "public", "post", "corrections/", {"text": "Fixed a name."}, 403),
    ("partner", "public", "post", "corrections/", {"text": "Fixed a name."}, 403),
    ("editor", "public", "post", "corrections/", {"text": "Fixed a name."}, 201),
    ("editor", "own_draft", "post", "corrections/", {"text": "Fixed a name."}, 409),
    ("writer", "own_draft", "delete", "", None, 403),
    ("editor", "own_draft", "delete", "", None, 204),
    ("editor", "public", "delete", "", None, 409),
]


@pytest.mark.parametrize(("who", "target", "method", "path", "body", "expected"), WRITE_MATRIX)
def test_write_permission_matrix(apis, articles, who, target, method, path, body, expected):
    api = apis[who]
    if target is None:
        url = "/api/v1/articles/"
        headers = {}
    else:
        article = articles[target]
        url = f"/api/v1/articles/{article.pk}/{path}"
        # Writes that need If-Match get the current version, so only permissions decide.
        headers = {"If-Match": f'"{article.pk}.v{article.version}.x"'}
    if method == "delete":
        response = api.delete(url, headers=headers)
    else:
        response = getattr(api, method)(url, body, headers=headers)

    assert response.status_code == expected, response.content
    if expected >= 400:
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("who", READABLE)
def test_lookups_and_the_change_feed_follow_the_same_rule(apis, articles, who, settings):
    settings.NEWSROOM_API = {**settings.NEWSROOM_API, "FEED_SETTLE_SECONDS": 0}
    api = apis[who]
    for name, article in articles.items():
        expected = 200 if name in READABLE[who] else 404
        lookups = [
            f"/api/v1/articles/by-slug/{article.slug}/",
            f"/api/v1/articles/by-url/?url={article.get_absolute_url()}",
            f"/api/v1/articles/by-external-id/{article.external_id}/",
            f"/api/v1/articles/{article.pk}/?format=ninjs",
        ]
        for url in lookups if article.external_id else lookups[:2] + lookups[3:]:
            assert api.get(url).status_code == expected, (name, url)

    changes = api.get("/api/v1/articles/changes/").json()["results"]
    visible = {change["article"]["headline"] for change in changes if change["visible"]}
    assert visible == {articles[name].headline for name in READABLE[who]}


@pytest.mark.parametrize(
    ("who", "target", "expected"),
    [
        ("anonymous", "own_draft", 401),
        ("partner", "public", 403),
        ("writer", "own_draft", 200),
        ("other_writer", "own_draft", 403),
        ("writer", "public", 403),
        ("editor", "other_draft", 200),
    ],
)
def test_idempotent_import_obeys_the_same_rules(apis, articles, who, target, expected):
    article = articles[target]
    body = {"headline": "Imported again", "section": "world"}

    response = apis[who].put(f"/api/v1/articles/by-external-id/{article.external_id}/", body)

    assert response.status_code == expected, response.content
    article.refresh_from_db()
    assert (article.headline == "Imported again") == (expected == 200)


@pytest.mark.parametrize("who", ["anonymous", "writer", "editor"])
@pytest.mark.parametrize("endpoint", ["sections", "tags", "authors"])
def test_sections_tags_and_authors_are_read_only_for_everyone(apis, articles, who, endpoint):
    api = apis[who]

    created = api.post(f"/api/v1/{endpoint}/", {"name": "New", "slug": "new"})
    deleted = api.delete(f"/api/v1/{endpoint}/1/")

    assert created.status_code == 405
    assert deleted.status_code == 405
