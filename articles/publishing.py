"""
The publishing workflow: the only code that moves an article between states.

The admin, the API and the management commands all call these functions, so a rule
about publishing lives here once.
"""

from django.db import transaction
from django.utils import timezone

from .models import Article


@transaction.atomic
def submit_for_review(article):
    article.status = Article.Status.IN_REVIEW
    article.save()
    return article


@transaction.atomic
def publish(article, *, at=None):
    """Publish now, or at `at`; until that time has passed the article stays private.

    The first publication fixes first_published_at; publishing again later (after an
    edit or a withdrawal) moves the article's “last updated” time instead.
    """
    now = timezone.now()
    article.status = Article.Status.PUBLISHED
    article.published_at = at or article.published_at or now
    if article.first_published_at is None:
        article.first_published_at = article.published_at
        article.updated_at = article.published_at
    else:
        article.updated_at = max(now, article.published_at)
    article.save()
    return article


@transaction.atomic
def withdraw(article):
    """Take a published article off the public site; it keeps its history and URL."""
    article.status = Article.Status.WITHDRAWN
    article.save()
    return article
