"""The tasks backend is chosen by NEWSROOM_TASKS_BACKEND: the database (default) or Redis (RQ)."""

from datetime import timedelta

import django_rq
import pytest
import redis
import time_machine
from django.conf import settings
from django.test import override_settings
from django.utils import timezone
from rq import SimpleWorker

from articles import caching, publishing
from tests.factories import draft
from tests.test_cdn import SITE, RecordingPurger
from tests.test_production import require, run_python

# A database of its own, emptied by the tests: not the one test_production caches in.
REDIS = "redis://127.0.0.1:6379/12"
REDIS_TASKS = {
    "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
    "RQ_QUEUES": {"default": {"URL": REDIS}},
    "RQ": {"JOB_CLASS": "django_tasks_rq.Job"},
}


def backend_for(**env):
    result = run_python(
        "from django.conf import settings as s; print(s.TASKS['default']['BACKEND'], "
        "getattr(s, 'RQ_QUEUES', {}).get('default', {}).get('URL', '-'), "
        "getattr(s, 'RQ', {}).get('JOB_CLASS', '-'))",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_database_backend_is_the_default():
    database = ["django_tasks_db.DatabaseBackend", "-", "-"]
    assert backend_for() == database
    assert backend_for(NEWSROOM_TASKS_BACKEND="database") == database


def test_the_redis_backend_queues_in_redis_url():
    assert backend_for(NEWSROOM_TASKS_BACKEND="redis", REDIS_URL=REDIS) == [
        "django_tasks_rq.RQBackend",
        REDIS,
        # What REDIS_TASKS below uses: the worker runs django.tasks through this job class.
        REDIS_TASKS["RQ"]["JOB_CLASS"],
    ]


def test_an_unknown_tasks_backend_names_the_variable_and_the_choices():
    result = run_python("", NEWSROOM_TASKS_BACKEND="celery")

    assert result.returncode != 0
    assert "NEWSROOM_TASKS_BACKEND must be database or redis, not 'celery'" in result.stderr


def test_the_redis_backend_needs_redis_url():
    result = run_python("", NEWSROOM_TASKS_BACKEND="redis")

    assert result.returncode != 0
    assert "NEWSROOM_TASKS_BACKEND=redis needs REDIS_URL" in result.stderr


def test_the_redis_worker_passes_the_system_checks():
    result = run_python(
        "from django.core.management import call_command; call_command('check')",
        NEWSROOM_TASKS_BACKEND="redis",
        REDIS_URL=REDIS,
    )

    assert result.returncode == 0, result.stderr


@pytest.fixture
def redis_queue():
    require(6379, "Redis")
    connection = redis.Redis.from_url(REDIS)
    connection.flushdb()
    RecordingPurger.purges = []
    with override_settings(
        **REDIS_TASKS,
        NEWSROOM_CDN_PURGER="tests.test_cdn.RecordingPurger",
        NEWSROOM_API={**settings.NEWSROOM_API, "BASE_URL": SITE},
    ):
        yield connection
    connection.flushdb()


def run_worker():
    """What `manage.py rqworker --burst` does, in this process (SimpleWorker does not fork),
    so the task sees the test's database."""
    worker = django_rq.get_worker("default", worker_class=SimpleWorker)
    worker.work(burst=True, with_scheduler=True)
    return worker


@pytest.mark.django_db
def test_a_publication_is_queued_in_redis_and_run_by_its_worker(
    redis_queue, editor, django_capture_on_commit_callbacks
):
    article = draft(headline="Talks resume")
    version = caching.content_version()
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(article, by=editor)

    queue = django_rq.get_queue("default")
    [job] = queue.get_jobs()
    assert job.func_name == "articles.tasks.announce_article_change"
    assert job.args == (article.pk, "article.published", None)
    assert RecordingPurger.purges == []  # nothing ran yet

    run_worker()

    assert queue.count == 0
    job.refresh()
    assert (job.get_status(), job.return_value()) == ("finished", "article.published")
    assert caching.content_version() != version
    [urls] = RecordingPurger.purges
    assert f"{SITE}{article.get_absolute_url()}" in urls


@pytest.mark.django_db
def test_a_scheduled_publication_waits_in_redis_until_its_time(
    redis_queue, editor, django_capture_on_commit_callbacks
):
    article = draft()
    goes_live = timezone.now() + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.publish(article, by=editor, at=goes_live)
    queue = django_rq.get_queue("default")
    assert (queue.count, queue.scheduled_job_registry.count) == (0, 1)

    run_worker()
    assert RecordingPurger.purges == []
    with time_machine.travel(goes_live + timedelta(seconds=1)):
        run_worker()

    assert queue.scheduled_job_registry.count == 0
    [urls] = RecordingPurger.purges
    assert f"{SITE}{article.get_absolute_url()}" in urls
