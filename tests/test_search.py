"""Full-text search: ranked, highlighted, public articles only, in step with every write."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from articles import publishing, search
from articles.models import Article
from tests.factories import ArticleFactory, draft

pytestmark = pytest.mark.django_db


def found(query):
    return [article.headline for article in search.search(query)]


def test_finds_words_in_headline_standfirst_and_body():
    ArticleFactory(headline="Harbour reopens", standfirst="", body="<p>Nothing</p>")
    ArticleFactory(headline="One", standfirst="The harbour master spoke", body="<p>x</p>")
    ArticleFactory(headline="Two", standfirst="", body="<p>Ships left the <b>harbour</b>.</p>")
    ArticleFactory(headline="Unrelated", standfirst="", body="<p>Mountains</p>")

    assert sorted(found("harbour")) == ["Harbour reopens", "One", "Two"]


def test_a_match_in_the_headline_ranks_above_one_in_the_body():
    ArticleFactory(headline="Minister speaks", body="<p>The budget was the topic.</p>")
    ArticleFactory(headline="Budget passes", body="<p>Nothing else.</p>")

    assert found("budget") == ["Budget passes", "Minister speaks"]


def test_every_word_must_match_and_word_forms_are_stemmed():
    ArticleFactory(headline="Peace talks resume", body="<p>In Geneva.</p>")
    ArticleFactory(headline="Peace prize", body="<p>In Oslo.</p>")

    assert found("peace geneva") == ["Peace talks resume"]
    assert found("talk") == ["Peace talks resume"]


def test_markup_in_the_body_is_not_searchable_text():
    ArticleFactory(headline="Plain", body='<p><a href="https://example.com/strong">link</a></p>')

    assert found("strong") == []
    assert found("href") == []
    assert found("link") == ["Plain"]


def test_only_public_articles_are_found(section):
    future = timezone.now() + timedelta(days=1)
    ArticleFactory(headline="Zebra public")
    draft(headline="Zebra draft")
    ArticleFactory(headline="Zebra withdrawn", status=Article.Status.WITHDRAWN)
    ArticleFactory(headline="Zebra scheduled", published_at=future)
    ArticleFactory(headline="Zebra embargoed", embargo_until=future)
    ArticleFactory(headline="Zebra expired", expires_at=timezone.now() - timedelta(minutes=1))

    assert found("zebra") == ["Zebra public"]


def test_index_follows_edits_made_any_way():
    article = ArticleFactory(headline="Original wording")
    assert found("original") == ["Original wording"]

    article.headline = "Revised wording"
    article.save()
    assert found("original") == []
    assert found("revised") == ["Revised wording"]

    Article.objects.filter(pk=article.pk).update(body="<p>Quietly amended text</p>")
    assert found("amended") == ["Revised wording"]

    Article.objects.bulk_create([Article(headline="Bulk loaded", section=article.section)])
    Article.objects.filter(headline="Bulk loaded").update(
        status=Article.Status.PUBLISHED, published_at=timezone.now()
    )
    assert found("bulk") == ["Bulk loaded"]

    article.delete()
    assert found("wording") == []


def test_workflow_changes_show_in_results(section):
    article = draft(headline="Workflow walrus", section=section)
    assert found("walrus") == []

    publishing.publish(article, by=None)
    assert found("walrus") == ["Workflow walrus"]

    publishing.withdraw(article, by=None)
    assert found("walrus") == []


def test_a_scheduled_article_is_found_from_its_time_without_reindexing(section):
    go_live = timezone.now() + timedelta(hours=2)
    article = draft(headline="Scheduled narwhal", section=section)
    publishing.publish(article, by=None, at=go_live)

    assert found("narwhal") == []
    with time_machine.travel(go_live + timedelta(seconds=1)):
        assert found("narwhal") == ["Scheduled narwhal"]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unbalanced',
        "NEAR(a b)",
        "a AND OR NOT b",
        "*",
        "headline:nato",
        "^start",
        "(((",
        "-minus +plus",
        "a' OR '1'='1",
        "\x00nul\x00",
        "\u202eright-to-left\u202c",
        "emoji 🗞️ 👩‍👩‍👧",
        "é́́ combining",
        "\ue000marker\ue001",
        "北京 東京",
        "x" * 5000,
        "word " * 500,
        "",
        "   ",
        "%_\\",
        "<script>alert(1)</script>",
    ],
)
def test_hostile_queries_never_error(client, query):
    ArticleFactory(headline="Ordinary words only")

    list(search.search(query))
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_quotes_and_operators_are_searched_as_words():
    ArticleFactory(headline="NATO and the near abroad")

    assert found('"nato" AND near') == ["NATO and the near abroad"]
    assert found("NEAR(nato abroad)") == ["NATO and the near abroad"]


def test_non_latin_scripts_and_diacritics():
    ArticleFactory(headline="Україна і НАТО", body="<p>Переговори тривають.</p>")
    ArticleFactory(headline="Café society", body="<p>São Paulo</p>")

    assert found("україна") == ["Україна і НАТО"]
    assert found("переговори") == ["Україна і НАТО"]
    assert found("são") == ["Café society"]
    if connection.vendor == "sqlite":  # PostgreSQL's "english" configuration keeps accents
        assert found("cafe") == ["Café society"]


def test_results_page_highlights_matches_and_escapes_article_text(client):
    ArticleFactory(
        headline="Harbour <b>news</b>",
        standfirst="",
        body="<p>The harbour &lt;script&gt; opened at dawn, said the harbour master.</p>",
    )

    page = client.get("/search/", {"q": "harbour"}).content.decode()

    assert "<mark>Harbour</mark> &lt;b&gt;news&lt;/b&gt;" in page
    assert "<mark>harbour</mark> &lt;script&gt; opened" in page
    assert "1 article found" in page


def test_results_paginate_and_keep_the_query(client, section, settings):
    ArticleFactory.create_batch(25, section=section, headline="Lighthouse keeper")

    first = client.get("/search/", {"q": "lighthouse"})
    second = client.get("/search/", {"q": "lighthouse", "page": 2})

    assert len(first.context["articles"]) == 20
    assert len(second.context["articles"]) == 5
    assert 'href="?q=lighthouse&amp;page=2" rel="next"' in first.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_postgresql_query_expression_matches_the_full_text_index():
    ArticleFactory(headline="Indexed")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT id FROM articles_article WHERE ({search.POSTGRES_DOCUMENT}) "
            f"@@ {search.PostgresBackend.QUERY}",
            ["indexed"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")

    assert "article_search_idx" in plan
