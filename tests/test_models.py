from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from articles import publishing
from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, draft

pytestmark = pytest.mark.django_db


def test_body_is_sanitized_on_every_save():
    article = ArticleFactory(body='<p onclick="steal()">Hi<script>alert(1)</script></p>')

    article.refresh_from_db()
    assert article.body == "<p>Hi</p>"

    Article.objects.filter(pk=article.pk).get().save()  # a save from any path sanitizes
    article.body = '<a href="javascript:alert(1)">x</a>'
    article.save(update_fields=["body"])
    article.refresh_from_db()
    assert article.body == '<a rel="noopener noreferrer">x</a>'


def test_word_count_and_reading_time_are_derived():
    article = ArticleFactory(standfirst="Three words here.", body="<p>" + "word " * 457 + "</p>")

    assert article.word_count == 460
    assert article.reading_time == 2

    article.body = "<p>Short.</p>"
    article.save(update_fields=["body"])
    article.refresh_from_db()
    assert article.word_count == 4
    assert article.reading_time == 1


def test_bylines_keep_their_order():
    first, second, third = (
        AuthorFactory(name="Zed"),
        AuthorFactory(name="Amy"),
        AuthorFactory(name="Max"),
    )
    article = ArticleFactory(authors=[first, second, third])

    article = Article.objects.with_related().get(pk=article.pk)

    assert [author.name for author in article.byline_authors] == ["Zed", "Amy", "Max"]


def test_published_article_needs_a_publication_time():
    with pytest.raises(IntegrityError):
        ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)


def test_clean_gives_a_published_article_without_time_the_current_time():
    article = draft()
    article.status = Article.Status.PUBLISHED

    article.full_clean()

    assert article.published_at is not None
    assert abs(article.published_at - timezone.now()) < timedelta(seconds=5)


def test_publish_sets_first_published_and_updated_times():
    article = draft()
    at = timezone.now() - timedelta(minutes=5)

    publishing.publish(article, by=None, at=at)
    article.refresh_from_db()

    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == at
    assert article.first_published_at == at
    assert article.updated_at == at
    assert not article.was_updated


def test_publishing_again_moves_the_updated_time_but_not_the_first_publication():
    article = draft()
    publishing.publish(article, by=None, at=timezone.now() - timedelta(days=1))
    first_published = article.first_published_at

    publishing.withdraw(article, by=None)
    publishing.publish(article, by=None)
    article.refresh_from_db()

    assert article.first_published_at == first_published
    assert article.was_updated


def test_urls_use_the_section_and_slug(article):
    assert article.get_absolute_url() == f"/world/{article.slug}/"
    assert article.section.get_absolute_url() == "/world/"
