"""Pagination headers, lookups by slug / URL / redirect, ?fields= and ?expand=."""

import pytest

from articles import publishing
from tests.factories import ArticleFactory, draft

pytestmark = pytest.mark.django_db


def test_pagination_headers(anonymous_api, section):
    ArticleFactory.create_batch(5, section=section)

    response = anonymous_api.get("/api/v1/articles/?page_size=2&page=2")

    assert response["X-Total-Count"] == "5"
    assert response.json()["count"] == 5
    links = {
        part.split(";")[1].strip(): part.split(";")[0].strip(" <>")
        for part in response["Link"].split(",")
    }
    assert links == {
        'rel="first"': "http://testserver/api/v1/articles/?page_size=2",
        'rel="prev"': "http://testserver/api/v1/articles/?page_size=2",
        'rel="next"': "http://testserver/api/v1/articles/?page=3&page_size=2",
        'rel="last"': "http://testserver/api/v1/articles/?page=3&page_size=2",
    }


def test_a_page_past_the_end_is_a_404_that_says_how_many_there_are(anonymous_api, section):
    ArticleFactory(section=section)

    response = anonymous_api.get("/api/v1/articles/?page=7")

    assert response.status_code == 404
    assert "there are 1 page(s)" in response.json()["detail"]


def test_lookup_by_slug(anonymous_api, article):
    response = anonymous_api.get(f"/api/v1/articles/by-slug/{article.slug}/")

    assert response.json()["id"] == article.pk
    assert response["Content-Location"] == f"/api/v1/articles/{article.pk}/"
    assert anonymous_api.get("/api/v1/articles/by-slug/nope/").status_code == 404


@pytest.mark.parametrize("form", ["absolute", "path"])
def test_lookup_by_public_url(anonymous_api, article, form):
    url = article.get_absolute_url()
    if form == "absolute":
        url = f"https://news.example.com{url}?utm=x"

    response = anonymous_api.get("/api/v1/articles/by-url/", {"url": url})

    assert response.status_code == 200
    assert response.json()["id"] == article.pk


def test_a_moved_url_follows_its_redirect(anonymous_api, editor, section):
    article = draft(section=section, slug="old-slug")
    publishing.publish(article, by=editor)
    old_url = article.get_absolute_url()
    article.slug = "new-slug"
    publishing.save_article(article, by=editor)

    response = anonymous_api.get("/api/v1/articles/by-url/", {"url": old_url})

    assert response.status_code == 200
    assert response.json()["slug"] == "new-slug"


def test_lookup_by_url_hides_what_the_caller_may_not_see(anonymous_api, section):
    hidden = draft(section=section)

    assert (
        anonymous_api.get(
            "/api/v1/articles/by-url/", {"url": hidden.get_absolute_url()}
        ).status_code
        == 404
    )
    assert anonymous_api.get("/api/v1/articles/by-url/").status_code == 400


def test_lookup_by_unicode_url(anonymous_api, section):
    article = ArticleFactory(section=section, slug="україна-і-нато")

    response = anonymous_api.get(
        "/api/v1/articles/by-url/",
        {
            "url": "/world/%D1%83%D0%BA%D1%80%D0%B0%D1%97%D0%BD%D0%B0-%D1%96-%D0%BD%D0%B0%D1%82%D0%BE/"
        },
    )

    assert response.json()["id"] == article.pk


def test_fields_choose_top_level_fields(anonymous_api, article):
    item = anonymous_api.get(f"/api/v1/articles/{article.pk}/?fields=id,headline,section").json()
    listed = anonymous_api.get("/api/v1/articles/?fields=id").json()["results"]
    sections = anonymous_api.get("/api/v1/sections/?fields=slug").json()["results"]

    assert set(item) == {"id", "headline", "section"}
    assert set(item["section"]) == {"id", "slug", "name", "url"}
    assert listed == [{"id": article.pk}]
    assert sections == [{"slug": "world"}]


def test_expand_embeds_related_objects_in_full(anonymous_api, article, author):
    summary = anonymous_api.get(f"/api/v1/articles/{article.pk}/").json()
    full = anonymous_api.get(
        f"/api/v1/articles/{article.pk}/?expand=section,bylines&fields=section,bylines"
    ).json()

    assert "description" not in summary["section"]
    assert full["section"]["description"] == article.section.description
    assert full["section"]["position"] == article.section.position
    assert full["bylines"][0]["bio"] == author.bio
    assert full["bylines"][0]["job_title"] == author.job_title


def test_unknown_api_paths_are_problem_404s(anonymous_api):
    response = anonymous_api.get("/api/v1/nothing/here/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
