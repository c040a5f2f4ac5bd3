"""The one rule for what the public may see: Published and its publication time has passed."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from articles.models import Article
from tests.factories import ArticleFactory

PUBLICATION_TIME = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled():
    return ArticleFactory(published_at=PUBLICATION_TIME)


@pytest.mark.parametrize(
    ("now", "public"),
    [
        (PUBLICATION_TIME - timedelta(seconds=1), False),
        (PUBLICATION_TIME, True),
        (PUBLICATION_TIME + timedelta(seconds=1), True),
    ],
    ids=["a-second-before", "at-the-time", "a-second-after"],
)
def test_article_becomes_public_at_its_publication_time(scheduled, client, now, public):
    with time_machine.travel(now, tick=False):
        assert scheduled.is_published() is public
        assert Article.objects.published().filter(pk=scheduled.pk).exists() is public
        page = client.get(scheduled.get_absolute_url())
        api = client.get(f"/api/v1/articles/{scheduled.pk}/")

    assert page.status_code == (200 if public else 404)
    assert api.status_code == (200 if public else 404)


@pytest.mark.parametrize(
    "status",
    [Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.WITHDRAWN],
)
def test_only_published_articles_are_public_whatever_their_time(status):
    article = ArticleFactory(status=status, published_at=PUBLICATION_TIME)

    assert not article.is_published()
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_queryset_and_model_method_agree():
    articles = [
        ArticleFactory(status=status, published_at=published_at)
        for status in Article.Status.values
        for published_at in (None, PUBLICATION_TIME, datetime(2999, 1, 1, tzinfo=UTC))
        if not (status == Article.Status.PUBLISHED and published_at is None)
    ]

    public_ids = set(Article.objects.published().values_list("pk", flat=True))

    assert public_ids == {article.pk for article in articles if article.is_published()}
    assert len(public_ids) == 1
