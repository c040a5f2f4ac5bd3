import pytest

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, draft

pytestmark = pytest.mark.django_db


def test_article_detail_carries_the_documented_fields(client, article, author):
    response = client.get(f"/api/v1/articles/{article.pk}/")
    data = response.json()

    assert response.status_code == 200
    assert data["id"] == article.pk
    assert data["slug"] == article.slug
    assert data["url"] == f"http://testserver/world/{article.slug}/"
    assert data["headline"] == article.headline
    assert data["standfirst"] == article.standfirst
    assert data["body"] == article.body
    assert data["section"] == {
        "id": article.section.pk,
        "slug": "world",
        "name": "World",
        "url": "http://testserver/world/",
    }
    assert [tag["name"] for tag in data["tags"]] == ["NATO", "Ukraine"]
    assert data["tags"][0]["url"] == "http://testserver/tags/nato/"
    assert data["bylines"] == [
        {
            "id": author.pk,
            "slug": author.slug,
            "name": author.name,
            "url": f"http://testserver/authors/{author.slug}/",
        }
    ]
    assert data["published_at"] == article.published_at.isoformat().replace("+00:00", "Z")
    assert "updated_at" in data
    assert data["lead_image"] is None
    assert data["word_count"] == article.word_count


def test_article_list_is_paginated_newest_first(client, section):
    articles = ArticleFactory.create_batch(25, section=section)

    first = client.get("/api/v1/articles/").json()
    small = client.get("/api/v1/articles/?page_size=5&page=2").json()

    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert first["next"].endswith("/api/v1/articles/?page=2")
    newest_first = sorted(articles, key=lambda a: a.published_at, reverse=True)
    assert [item["id"] for item in small["results"]] == [a.pk for a in newest_first[5:10]]


def test_page_size_is_capped_at_100(client, section):
    ArticleFactory.create_batch(3, section=section)

    assert len(client.get("/api/v1/articles/?page_size=100").json()["results"]) == 3
    too_many = client.get("/api/v1/articles/?page_size=1000")
    assert too_many.status_code == 400
    assert too_many["Content-Type"] == "application/problem+json"
    assert too_many.json()["errors"] == [
        {
            "parameter": "page_size",
            "detail": "At most 100 items fit on a page; ask for page_size=100 or less and "
            "follow the `next` links.",
        }
    ]


def test_unpublished_articles_are_absent_from_lists_and_not_found_in_detail(
    client, article, section
):
    hidden = draft(section=section, tags=["Secret"], authors=[AuthorFactory(slug="hidden-author")])

    listed = client.get("/api/v1/articles/").json()

    assert [item["id"] for item in listed["results"]] == [article.pk]
    assert client.get(f"/api/v1/articles/{hidden.pk}/").status_code == 404
    assert client.get(f"/api/v1/articles/{hidden.pk + 1000}/").status_code == 404


def test_tags_and_authors_list_only_what_public_articles_use(client, article, section):
    draft(section=section, tags=["Secret", "NATO"], authors=[AuthorFactory(slug="hidden-author")])

    tags = client.get("/api/v1/tags/").json()["results"]
    authors = client.get("/api/v1/authors/").json()["results"]

    assert [(tag["name"], tag["article_count"]) for tag in tags] == [("NATO", 1), ("Ukraine", 1)]
    assert [author["slug"] for author in authors] == ["olena-kovalenko"]


def test_sections_are_listed_in_display_order(client, section):
    SectionFactory(name="Business", slug="business", position=0)
    section.position = 5
    section.save()

    data = client.get("/api/v1/sections/").json()

    assert [item["slug"] for item in data["results"]] == ["business", "world"]
    assert data["results"][1]["url"] == "http://testserver/world/"


def test_anonymous_callers_cannot_write(client, article):
    assert client.post("/api/v1/articles/", {"headline": "x"}).status_code == 401
    assert client.delete(f"/api/v1/articles/{article.pk}/").status_code == 401
    assert client.put("/api/v1/sections/1/", {}).status_code == 405


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # count, page, bylines, tags, corrections; then one for Last-Modified
        ("/api/v1/articles/", 6),
        ("/api/v1/tags/", 3),
        ("/api/v1/authors/", 3),
        ("/api/v1/sections/", 3),
    ],
)
def test_api_lists_run_a_constant_number_of_queries(
    client, section, django_assert_num_queries, url, queries
):
    ArticleFactory(section=section, tags=["a"], authors=[AuthorFactory()])
    with django_assert_num_queries(queries):
        client.get(url, HTTP_ACCEPT="application/json")

    for number in range(12):
        ArticleFactory(
            section=section, tags=[f"t{number}", "a"], authors=[AuthorFactory(), AuthorFactory()]
        )
    with django_assert_num_queries(queries):
        client.get(url, HTTP_ACCEPT="application/json")
