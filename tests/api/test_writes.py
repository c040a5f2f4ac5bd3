"""Creating and editing articles through the API: always through publishing.save_article."""

import pytest

from articles.models import Article, Revision
from tests.factories import AuthorFactory, draft

pytestmark = pytest.mark.django_db


def if_match(article):
    article.refresh_from_db()
    return {"If-Match": f'"{article.pk}.v{article.version}.any"'}


def test_a_writer_creates_a_draft_with_tags_and_bylines(writer_api, writer, section):
    AuthorFactory(slug="olena", name="Olena")
    AuthorFactory(slug="taras", name="Taras")

    response = writer_api.post(
        "/api/v1/articles/",
        {
            "headline": "Rutte meets Zelensky",
            "section": "world",
            "standfirst": "In Kyiv.",
            "body": "<p>Text.</p>",
            "tags": ["NATO", "Kyiv", "NATO"],
            "bylines": ["taras", "olena"],
            "language": "uk",
        },
    )

    data = response.json()
    article = Article.objects.get(pk=data["id"])
    assert response.status_code == 201
    assert response["Location"] == f"/api/v1/articles/{article.pk}/"
    assert response["ETag"].startswith(f'"{article.pk}.v1.')
    assert article.status == Article.Status.DRAFT
    assert article.created_by == writer
    assert sorted(tag.name for tag in article.tags.all()) == ["Kyiv", "NATO"]
    assert [author.slug for author in article.byline_authors] == ["taras", "olena"]
    assert [byline["slug"] for byline in data["bylines"]] == ["taras", "olena"]
    assert Revision.objects.filter(article=article).count() == 1
    assert data["allowed_actions"] == ["submit"]


def test_hostile_html_posted_through_the_api_comes_out_clean(writer_api, section):
    hostile = (
        '<p onclick="steal()">Hello <a href="javascript:alert(1)">link</a></p>'
        "<script>alert('x')</script><style>body{}</style>"
        '<img src="x" onerror="alert(1)"><iframe src="https://evil.example"></iframe>'
    )

    created = writer_api.post(
        "/api/v1/articles/", {"headline": "H", "section": "world", "body": hostile}
    ).json()
    stored = Article.objects.get(pk=created["id"]).body

    for body in (created["body"], stored):
        for bad in ("script", "onclick", "javascript:", "onerror", "<style", "<iframe", "alert"):
            assert bad not in body
        assert "Hello" in body


def test_status_and_schedule_are_not_editable(writer_api, section):
    response = writer_api.post(
        "/api/v1/articles/",
        {"headline": "H", "section": "world", "status": "published", "published_at": None},
    )

    errors = {error["pointer"]: error["detail"] for error in response.json()["errors"]}
    assert response.status_code == 400
    assert set(errors) == {"#/status", "#/published_at"}
    assert "…/publish/" in errors["#/published_at"]


def test_field_errors_point_at_each_field(writer_api, section):
    response = writer_api.post(
        "/api/v1/articles/",
        {"section": "nowhere", "language": "not a language", "tags": ["ok", 3 * "x" * 50]},
    )

    problem = response.json()
    pointers = {error["pointer"] for error in problem["errors"]}
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert problem["type"] == "urn:newsroom:problem:invalid"
    assert {"#/headline", "#/section", "#/language", "#/tags/1"} <= pointers


def test_patch_changes_only_what_it_sends(writer_api, writer, section):
    article = draft(section=section, created_by=writer, tags=["Keep"], standfirst="Keep me")

    response = writer_api.patch(
        f"/api/v1/articles/{article.pk}/", {"headline": "New"}, headers=if_match(article)
    )

    article.refresh_from_db()
    assert response.status_code == 200
    assert article.headline == "New"
    assert article.standfirst == "Keep me"
    assert [tag.name for tag in article.tags.all()] == ["Keep"]
    assert article.version == 2
    assert response.json()["version"] == 2


def test_put_replaces_the_content_but_keeps_the_address(editor_api, section):
    article = draft(section=section, tags=["Old"], standfirst="Old", slug="kept-slug")

    response = editor_api.put(
        f"/api/v1/articles/{article.pk}/",
        {"headline": "Replaced", "section": "world"},
        headers=if_match(article),
    )

    article.refresh_from_db()
    assert response.status_code == 200
    assert (article.headline, article.standfirst, article.slug) == ("Replaced", "", "kept-slug")
    assert list(article.tags.all()) == []


def test_a_concurrent_save_detected_by_the_workflow_is_a_412(
    writer_api, writer, section, monkeypatch
):
    article = draft(section=section, created_by=writer)
    stale = if_match(article)
    # Someone saves between our If-Match check and the workflow's own locked check.
    monkeypatch.setattr(
        "articles.api.conditional.expected_version", lambda request, article, required: 0
    )

    response = writer_api.patch(
        f"/api/v1/articles/{article.pk}/", {"headline": "Mine"}, headers=stale
    )

    assert response.status_code == 412
    assert response.json()["type"] == "urn:newsroom:problem:edit-conflict"
    assert Revision.objects.filter(article=article, is_conflict=True).count() == 1
    article.refresh_from_db()
    assert article.headline != "Mine"


def test_only_never_published_drafts_can_be_deleted(editor_api, section):
    article = draft(section=section)

    response = editor_api.delete(f"/api/v1/articles/{article.pk}/", headers=if_match(article))

    assert response.status_code == 204
    assert not Article.objects.filter(pk=article.pk).exists()


class TestUpsertByExternalId:
    url = "/api/v1/articles/by-external-id/wire-42/"
    story = {"headline": "Wire story", "section": "world", "body": "<p>Text</p>", "tags": ["A"]}

    def test_sending_the_same_story_twice_creates_one_article(self, writer_api, section):
        first = writer_api.put(self.url, self.story)
        second = writer_api.put(self.url, self.story)

        assert first.status_code == 201
        assert second.status_code == 200
        assert Article.objects.filter(external_id="wire-42").count() == 1
        # Unchanged content is not saved again: no new version, no new revision.
        assert second.json()["version"] == first.json()["version"] == 1
        assert Revision.objects.filter(article_id=first.json()["id"]).count() == 1

    def test_a_changed_story_updates_the_article(self, writer_api, section):
        first = writer_api.put(self.url, self.story).json()
        second = writer_api.put(self.url, {**self.story, "headline": "Wire story, updated"})

        assert second.status_code == 200
        assert second.json()["id"] == first["id"]
        assert second.json()["headline"] == "Wire story, updated"
        assert second.json()["version"] == 2

    def test_if_none_match_star_only_creates(self, writer_api, section):
        assert (
            writer_api.put(self.url, self.story, headers={"If-None-Match": "*"}).status_code == 201
        )
        again = writer_api.put(self.url, self.story, headers={"If-None-Match": "*"})
        assert again.status_code == 412

    def test_if_match_on_upsert_is_checked(self, writer_api, section):
        created = writer_api.put(self.url, self.story)
        stale = {"If-Match": f'"{created.json()["id"]}.v99.x"'}

        assert (
            writer_api.put(self.url, {**self.story, "headline": "B"}, headers=stale).status_code
            == 412
        )
        current = {"If-Match": created["ETag"]}
        assert (
            writer_api.put(self.url, {**self.story, "headline": "B"}, headers=current).status_code
            == 200
        )

    def test_the_external_id_in_the_body_must_match_the_address(self, writer_api, section):
        response = writer_api.put(self.url, {**self.story, "external_id": "other"})

        assert response.status_code == 400
        assert response.json()["errors"][0]["pointer"] == "#/external_id"

    def test_a_published_story_is_for_editors_to_change(self, writer_api, editor_api, section):
        created = writer_api.put(self.url, self.story).json()
        editor_api.post(f"/api/v1/articles/{created['id']}/publish/")

        response = writer_api.put(self.url, {**self.story, "headline": "Sneaky"})

        assert response.status_code == 403

    def test_get_by_external_id(self, writer_api, anonymous_api, editor_api, section):
        created = writer_api.put(self.url, self.story).json()

        assert anonymous_api.get(self.url).status_code == 404  # still a draft
        found = editor_api.get(self.url)
        assert found.status_code == 200
        assert found.json()["id"] == created["id"]
        assert found["Content-Location"] == f"/api/v1/articles/{created['id']}/"
