"""
Background work, run by the tasks worker (`manage.py db_worker`, or `rqworker` with Redis).

announce_article_change is queued by the publishing workflow after every change readers
can see, and for the moment a scheduled article goes live or expires. Everything that
must follow such a change — refreshing caches and the search index, notifying
integrations, purging the CDN — is called from here, so it happens the same way whoever
made the change.
"""

import logging
from datetime import datetime

from django.tasks import task

from . import caching, cdn, webhooks
from .models import Article

logger = logging.getLogger(__name__)


@task
def announce_article_change(article_id, event, due_at=None):
    """Carry out what follows `event` ("article.published", …) for one article.

    A task queued for a future time (due_at) checks, when it runs, that the article still
    goes live or expires at that time: rescheduling queues a new task and the old one
    finds itself stale and does nothing.
    """
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return "skipped: the article no longer exists"
    if due_at is not None and not _still_due(article, event, datetime.fromisoformat(due_at)):
        return "skipped: rescheduled"
    logger.info("%s: article %s “%s”", event, article.pk, article.headline)
    caching.invalidate_pages()
    webhooks.notify(article, event)
    # After our own cache: a CDN refetching at once must not get the old page from it.
    cdn.purge_article(article)
    return event


def _still_due(article, event, due_at):
    if event == "article.published":
        return article.is_published() and article.goes_live_at == due_at
    if event == "article.unpublished":
        return not article.is_published() and article.expires_at == due_at
    return True
