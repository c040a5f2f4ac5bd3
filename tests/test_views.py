import html
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, draft

pytestmark = pytest.mark.django_db


def text_of(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def unpublished(section, author):
    """One article in every non-public state, each with a marker word, sharing public tags."""
    future = timezone.now() + timedelta(days=1)
    return [
        draft(headline="Zdraftmarker story", section=section, tags=["NATO"], authors=[author]),
        ArticleFactory(
            headline="Zreviewmarker story",
            status=Article.Status.IN_REVIEW,
            section=section,
            tags=["NATO"],
            authors=[author],
        ),
        ArticleFactory(
            headline="Zwithdrawnmarker story",
            status=Article.Status.WITHDRAWN,
            section=section,
            tags=["NATO"],
            authors=[author],
        ),
        ArticleFactory(
            headline="Zscheduledmarker story",
            published_at=future,
            section=section,
            tags=["NATO"],
            authors=[author],
        ),
    ]


def test_article_page_shows_the_whole_article(client, article, author):
    response = client.get(article.get_absolute_url())
    page = text_of(response)

    assert response.status_code == 200
    assert f"<h1>{article.headline}</h1>" in page
    assert article.standfirst in page
    assert "<h2>A sub-heading</h2>" in page
    assert f'href="{author.get_absolute_url()}" rel="author">{author.name}</a>' in page
    assert f'datetime="{article.published_at.isoformat()}"' in page
    assert 'href="/tags/nato/" rel="tag">NATO</a>' in page
    assert 'href="/world/">World</a>' in page
    assert '<html lang="en">' in page


def test_article_page_declares_the_articles_language(client):
    article = ArticleFactory(language="uk")

    assert '<html lang="uk">' in text_of(client.get(article.get_absolute_url()))


def test_article_found_under_an_old_section_redirects_permanently(client, article):
    response = client.get(f"/somewhere-else/{article.slug}/")

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


@pytest.mark.parametrize(
    "url",
    ["/", "/world/", "/tags/nato/", "/authors/olena-kovalenko/"],
)
def test_list_pages_show_public_articles_and_no_unpublished_ones(client, article, unpublished, url):
    page = text_of(client.get(url))

    assert article.headline in page
    for hidden in unpublished:
        assert hidden.headline not in page


def test_unpublished_articles_have_no_page(client, unpublished):
    for hidden in unpublished:
        assert client.get(hidden.get_absolute_url()).status_code == 404


def test_tags_and_authors_with_only_unpublished_articles_are_not_found(client, section):
    hidden_author = AuthorFactory(slug="secret-source")
    draft(section=section, tags=["Secret merger"], authors=[hidden_author])

    assert client.get("/tags/secret-merger/").status_code == 404
    assert client.get("/authors/secret-source/").status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/no-such-section/", "/tags/no-such-tag/", "/authors/nobody/", "/world/no-such-article/"],
)
def test_unknown_things_are_404_with_our_page(client, section, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_empty_section_page_says_so(client, section):
    response = client.get("/world/")

    assert response.status_code == 200
    assert "No articles here yet." in text_of(response)


def test_front_page_groups_latest_articles_by_section_in_navigation_order(client, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "FRONT_PAGE_PER_SECTION": 2}
    world = SectionFactory(name="World", slug="world", position=2)
    business = SectionFactory(name="Business", slug="business", position=1)
    SectionFactory(name="Hidden", slug="hidden", in_navigation=False)
    now = timezone.now()
    for hours in range(1, 4):
        ArticleFactory(
            section=world, headline=f"World {hours}", published_at=now - timedelta(hours=hours)
        )
        ArticleFactory(
            section=business,
            headline=f"Business {hours}",
            published_at=now - timedelta(hours=hours, minutes=30),
        )

    response = client.get("/")
    page = text_of(response)

    assert response.context["lead"].headline == "World 1"
    assert [
        (section.name, [a.headline for a in articles])
        for section, articles in response.context["sections"]
    ] == [
        ("Business", ["Business 1", "Business 2"]),
        ("World", ["World 2"]),
    ]
    assert "World 3" not in page
    assert ">Hidden</a>" not in page


def test_lists_paginate(client, section, settings):
    ArticleFactory.create_batch(25, section=section)

    first = client.get("/world/")
    second = client.get("/world/?page=2")

    assert len(first.context["articles"]) == 20
    assert len(second.context["articles"]) == 5
    assert 'rel="next"' in text_of(first)
    assert client.get("/world/?page=3").status_code == 404
    assert client.get("/world/?page=abc").status_code == 404


def make_articles(count, section, author):
    for number in range(count):
        ArticleFactory(section=section, authors=[author], tags=[f"tag{number % 3}", "NATO"])


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/", 3),  # navigation, front-page articles, their bylines
        ("/world/", 5),  # section, count, page, bylines, navigation
        ("/tags/nato/", 6),  # tag, any-public check, count, page, bylines, navigation
        ("/authors/olena-kovalenko/", 6),
    ],
)
def test_list_pages_run_a_constant_number_of_queries(
    client, section, author, django_assert_num_queries, url, queries
):
    make_articles(2, section, author)
    with django_assert_num_queries(queries):
        client.get(url)

    make_articles(15, section, AuthorFactory())
    with django_assert_num_queries(queries):
        client.get(url)


def test_article_page_runs_a_constant_number_of_queries(client, section, django_assert_num_queries):
    authors = AuthorFactory.create_batch(3)
    article = ArticleFactory(section=section, authors=authors, tags=["a", "b", "c", "d"])

    # article + section, bylines + authors, tags, corrections, navigation
    with django_assert_num_queries(5):
        client.get(article.get_absolute_url())


def test_front_page_leaves_out_a_section_whose_only_article_is_the_lead(client, article):
    response = client.get("/")

    assert response.context["lead"] == article
    assert response.context["sections"] == []
