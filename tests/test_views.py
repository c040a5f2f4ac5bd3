import html
from datetime import UTC, datetime, timedelta

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
    assert f'datetime="{article.published_at.replace(microsecond=0).isoformat()}"' in page
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


AN_HOUR_AGO = timezone.now() - timedelta(hours=1)  # when factories publish
THIS_YEAR, THIS_MONTH = AN_HOUR_AGO.year, AN_HOUR_AGO.month


def make_articles(count, section, author):
    for number in range(count):
        ArticleFactory(section=section, authors=[author], tags=[f"tag{number % 3}", "NATO"])


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # Each also checks the content version and, as it is not cached yet, when the next
        # scheduled change is due (caching.py): two more than rendering needs.
        ("/", 5),  # navigation, front-page articles, their bylines
        ("/world/", 7),  # section, count, page, bylines, navigation
        ("/tags/nato/", 8),  # tag, any-public check, count, page, bylines, navigation
        ("/authors/olena-kovalenko/", 8),
        ("/archive/", 4),  # months, navigation
        # any-public check, months, next and previous years, count, page, bylines, navigation
        (f"/archive/{THIS_YEAR}/", 10),
        (f"/archive/{THIS_YEAR}/{THIS_MONTH:02d}/", 10),  # as the year, with months
        ("/search/?q=headline", 7),  # count, page, bylines, highlights, navigation
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
    ArticleFactory(section=section, tags=["a"], authors=authors)

    # content version, article + section, bylines + authors, tags, corrections, related
    # articles and their bylines, navigation, next scheduled change
    with django_assert_num_queries(9):
        client.get(article.get_absolute_url())

    ArticleFactory.create_batch(6, section=SectionFactory(), tags=["a", "b"], authors=authors)
    with django_assert_num_queries(9):
        response = client.get(article.get_absolute_url())
    assert len(response.context["related_articles"]) == 4


def test_front_page_leaves_out_a_section_whose_only_article_is_the_lead(client, article):
    response = client.get("/")

    assert response.context["lead"] == article
    assert response.context["sections"] == []


def test_article_page_shows_related_articles_sharing_tags_first(client, section, author):
    article = ArticleFactory(section=section, tags=["NATO", "Ukraine"], authors=[author])
    other_section = SectionFactory(name="Politics", slug="politics")
    two_tags = ArticleFactory(section=other_section, tags=["NATO", "Ukraine"], headline="Two tags")
    one_tag = ArticleFactory(section=other_section, tags=["Ukraine"], headline="One tag")
    same_section = ArticleFactory(section=section, headline="Same section")
    ArticleFactory(section=other_section, headline="Unrelated")
    draft(section=section, tags=["NATO"], headline="Unpublished")

    related = client.get(article.get_absolute_url()).context["related_articles"]

    assert list(related) == [two_tags, one_tag, same_section]


def test_archive_lists_months_and_month_pages_list_their_articles(client, section):
    march = ArticleFactory(section=section, published_at=datetime(2025, 3, 14, 9, tzinfo=UTC))
    april = ArticleFactory(section=section, published_at=datetime(2025, 4, 2, 9, tzinfo=UTC))
    draft(section=section, headline="Zdraft")

    index = text_of(client.get("/archive/"))
    year = client.get("/archive/2025/")
    month = client.get("/archive/2025/03/")

    assert 'href="/archive/2025/03/">March</a>' in index
    assert 'href="/archive/2025/04/">April</a>' in index
    assert list(year.context["articles"]) == [april, march]
    assert list(month.context["articles"]) == [march]
    assert client.get("/archive/2024/").status_code == 404
    assert client.get("/archive/2025/05/").status_code == 404


def test_archive_pages_paginate(client, section):
    for day in range(1, 23):
        ArticleFactory(section=section, published_at=datetime(2025, 3, day, tzinfo=UTC))

    assert len(client.get("/archive/2025/03/").context["articles"]) == 20
    assert len(client.get("/archive/2025/03/?page=2").context["articles"]) == 2


def test_server_error_page_needs_no_database(rf, django_assert_num_queries):
    from django.views.defaults import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "/static/articles/css/site.css" in response.content.decode()


def test_search_page_without_a_query_shows_the_form(client):
    response = client.get("/search/")

    assert response.status_code == 200
    assert 'name="q"' in text_of(response)
    assert "found" not in text_of(response)
