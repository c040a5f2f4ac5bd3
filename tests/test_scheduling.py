"""Scheduling that never misses: the visibility rule decides; queued work follows at the time."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from articles import publishing
from articles.models import Article
from tests.factories import ArticleFactory, draft

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def run_due_tasks():
    """Run what the worker would run now; returns {(event, outcome)} for every task run so far.

    The real worker closes database connections between tasks, which a test's transaction
    cannot survive on PostgreSQL; test_the_real_worker_runs_due_tasks covers the worker.
    """
    for result in DBTaskResult.objects.ready():
        task = import_string(result.task_path)
        result.set_successful(
            task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        )
    return {
        (result.args_kwargs["args"][1], result.return_value)
        for result in DBTaskResult.objects.filter(status="SUCCESSFUL")
    }


def public_ids():
    return set(Article.objects.published().values_list("pk", flat=True))


@pytest.fixture
def scheduled(editor, django_capture_on_commit_callbacks):
    with time_machine.travel(NOON - timedelta(hours=2), tick=False):
        article = draft()
        with django_capture_on_commit_callbacks(execute=True):
            publishing.publish(article, by=editor, at=NOON)
    return article


def test_scheduled_article_goes_live_by_the_rule_alone_without_any_worker(scheduled, client):
    with time_machine.travel(NOON - timedelta(seconds=1), tick=False):
        assert scheduled.pk not in public_ids()
        assert client.get(scheduled.get_absolute_url()).status_code == 404
        assert scheduled.is_scheduled
    with time_machine.travel(NOON, tick=False):
        assert scheduled.pk in public_ids()
        assert client.get(scheduled.get_absolute_url()).status_code == 200
        assert not scheduled.is_scheduled


def test_go_live_work_is_queued_for_the_publication_time(scheduled):
    queued = DBTaskResult.objects.get(args_kwargs__args__1="article.published")

    assert queued.run_after == NOON
    with time_machine.travel(NOON - timedelta(seconds=1), tick=False):
        assert run_due_tasks() == set()
    with time_machine.travel(NOON + timedelta(seconds=1), tick=False):
        assert run_due_tasks() == {("article.published", "article.published")}


def test_rescheduled_work_at_the_old_time_does_nothing(
    scheduled, editor, django_capture_on_commit_callbacks
):
    later = NOON + timedelta(hours=3)
    with time_machine.travel(NOON - timedelta(hours=1), tick=False):
        publishing.return_to_draft(scheduled, by=editor, comment="Hold for the minister's reply.")
        with django_capture_on_commit_callbacks(execute=True):
            publishing.publish(scheduled, by=editor, at=later)

    with time_machine.travel(later + timedelta(seconds=1), tick=False):
        results = run_due_tasks()

    assert results == {
        ("article.published", "skipped: rescheduled"),
        ("article.published", "article.published"),
    }


def test_expiry_takes_the_article_down_at_its_time(
    editor, client, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOON - timedelta(hours=1), tick=False):
        article = ArticleFactory()
        with django_capture_on_commit_callbacks(execute=True):
            publishing.set_expiry(article, by=editor, at=NOON)

    with time_machine.travel(NOON - timedelta(seconds=1), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
    with time_machine.travel(NOON, tick=False):
        assert client.get(article.get_absolute_url()).status_code == 404
        assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 404
        assert run_due_tasks() == {("article.unpublished", "article.unpublished")}


def test_embargoed_article_is_on_no_public_surface_until_the_embargo_ends(editor, client):
    with time_machine.travel(NOON - timedelta(hours=1), tick=False):
        article = ArticleFactory(headline="Zembargomarker budget leak", tags=["Budget"])
        publishing.set_embargo(article, by=editor, until=NOON)

    surfaces = [
        "/",
        article.section.get_absolute_url(),
        "/tags/budget/",
        "/api/v1/articles/",
        "/api/v1/tags/",
    ]
    with time_machine.travel(NOON - timedelta(seconds=1), tick=False):
        assert article.is_scheduled
        assert client.get(article.get_absolute_url()).status_code == 404
        for url in surfaces:
            assert "Zembargomarker" not in client.get(url).content.decode(), url
        assert "Budget" not in client.get("/api/v1/tags/").content.decode()
    with time_machine.travel(NOON, tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "Zembargomarker" in client.get("/api/v1/articles/").content.decode()


def test_publishing_now_queues_the_announcement_after_commit(
    editor, django_capture_on_commit_callbacks
):
    article = draft()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publishing.publish(article, by=editor)
    assert not DBTaskResult.objects.exists()  # nothing goes out before the commit

    for callback in callbacks:
        callback()
    assert run_due_tasks() == {("article.published", "article.published")}


def test_the_real_worker_runs_due_tasks(editor, django_capture_on_commit_callbacks):
    if connection.vendor != "sqlite":
        pytest.skip("The worker closes connections, which ends a test transaction on PostgreSQL.")
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(draft(), by=editor)

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)

    result = DBTaskResult.objects.get()
    assert (result.status, result.return_value) == ("SUCCESSFUL", "article.published")
