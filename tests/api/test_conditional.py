"""ETag / Last-Modified on every GET, 304s, and If-Match on writes (412 / 428)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.http import http_date

from tests.factories import ArticleFactory, draft

pytestmark = pytest.mark.django_db

GETS = [
    "/api/v1/articles/",
    "/api/v1/articles/{pk}/",
    "/api/v1/articles/{pk}/?format=ninjs",
    "/api/v1/articles/by-slug/{slug}/",
    "/api/v1/articles/changes/",
    "/api/v1/sections/",
    "/api/v1/tags/",
    "/api/v1/authors/",
    "/api/v1/schema/",
]


@pytest.mark.parametrize("url", GETS)
def test_every_get_has_validators_and_answers_304(anonymous_api, article, url):
    url = url.format(pk=article.pk, slug=article.slug)
    first = anonymous_api.get(url)

    assert first.status_code == 200
    assert first["ETag"].startswith('"')
    assert first["Last-Modified"]
    again = anonymous_api.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_article_etag_names_its_version_and_changes_with_it(editor_api, article):
    url = f"/api/v1/articles/{article.pk}/"
    before = editor_api.get(url)
    assert before["ETag"].startswith(f'"{article.pk}.v1.')

    editor_api.patch(url, {"headline": "Changed"}, headers={"If-Match": before["ETag"]})

    after = editor_api.get(url, headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"].startswith(f'"{article.pk}.v2.')


def test_if_modified_since(anonymous_api, article):
    url = f"/api/v1/articles/{article.pk}/"
    last_modified = anonymous_api.get(url)["Last-Modified"]
    assert last_modified == http_date(article.modified_at.timestamp())

    assert anonymous_api.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304
    earlier = http_date((article.modified_at - timedelta(minutes=1)).timestamp())
    assert anonymous_api.get(url, headers={"If-Modified-Since": earlier}).status_code == 200


def test_a_list_changes_its_validators_when_a_scheduled_article_goes_live(
    anonymous_api, section, time_machine
):
    ArticleFactory(section=section)
    scheduled = ArticleFactory(section=section, published_at=timezone.now() + timedelta(hours=1))
    first = anonymous_api.get("/api/v1/articles/")

    time_machine.move_to(scheduled.published_at + timedelta(seconds=1))

    later = anonymous_api.get(
        "/api/v1/articles/",
        headers={"If-None-Match": first["ETag"], "If-Modified-Since": first["Last-Modified"]},
    )
    assert later.status_code == 200
    assert later.json()["count"] == 2
    assert later["Last-Modified"] == http_date(scheduled.published_at.timestamp())


def test_token_responses_are_private_and_vary_on_authorization(anonymous_api, editor_api, article):
    public = anonymous_api.get("/api/v1/articles/")
    private = editor_api.get("/api/v1/articles/")

    assert "Authorization" in public["Vary"]
    assert public["Cache-Control"] == "public, no-cache"
    assert private["Cache-Control"] == "private, no-cache"


class TestIfMatch:
    @pytest.fixture
    def target(self, section):
        return draft(section=section)

    def url(self, article):
        return f"/api/v1/articles/{article.pk}/"

    @pytest.mark.parametrize("method", ["put", "patch"])
    def test_writes_without_if_match_are_refused_with_428(self, editor_api, target, method):
        response = getattr(editor_api, method)(
            self.url(target), {"headline": "X", "section": target.section.slug}
        )

        assert response.status_code == 428
        assert "If-Match" in response.json()["detail"]

    def test_delete_without_if_match_is_refused_with_428(self, editor_api, target):
        assert editor_api.delete(self.url(target)).status_code == 428

    @pytest.mark.parametrize("method", ["put", "patch", "delete"])
    def test_a_stale_etag_is_a_412_and_changes_nothing(self, editor_api, target, method):
        etag = editor_api.get(self.url(target))["ETag"]
        editor_api.patch(self.url(target), {"headline": "Theirs"}, headers={"If-Match": etag})

        kwargs = {"headers": {"If-Match": etag}}
        if method != "delete":
            kwargs["data"] = {"headline": "Mine", "section": target.section.slug}
        response = getattr(editor_api, method)(self.url(target), **kwargs)

        target.refresh_from_db()
        assert response.status_code == 412
        assert response["Content-Type"] == "application/problem+json"
        assert target.headline == "Theirs"

    def test_two_clients_never_silently_overwrite_each_other(self, editor_api, writer_api, target):
        etag = editor_api.get(self.url(target))["ETag"]

        first = editor_api.patch(self.url(target), {"headline": "A"}, headers={"If-Match": etag})
        second = editor_api.patch(self.url(target), {"headline": "B"}, headers={"If-Match": etag})

        assert (first.status_code, second.status_code) == (200, 412)

    def test_if_match_star_and_lists_of_etags(self, editor_api, target):
        etag = editor_api.get(self.url(target))["ETag"]

        star = editor_api.patch(self.url(target), {"headline": "A"}, headers={"If-Match": "*"})
        assert star.status_code == 200
        listed = editor_api.patch(
            self.url(target),
            {"headline": "B"},
            headers={"If-Match": f'"nope", {etag}, {star["ETag"]}'},
        )
        assert listed.status_code == 200

    def test_weak_etags_never_match(self, editor_api, target):
        etag = editor_api.get(self.url(target))["ETag"]

        response = editor_api.patch(
            self.url(target), {"headline": "A"}, headers={"If-Match": f"W/{etag}"}
        )

        assert response.status_code == 412

    def test_actions_accept_an_optional_if_match(self, editor_api, target):
        etag = editor_api.get(self.url(target))["ETag"]
        editor_api.patch(self.url(target), {"headline": "Changed"}, headers={"If-Match": etag})

        stale = editor_api.post(f"{self.url(target)}publish/", headers={"If-Match": etag})
        unconditional = editor_api.post(f"{self.url(target)}publish/")

        assert stale.status_code == 412
        assert unconditional.status_code == 200
