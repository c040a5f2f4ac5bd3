"""The CDN hears about every address a change readers can see touches, and cannot break it."""

import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from articles import caching, cdn, publishing, tasks
from tests.factories import AuthorFactory, SectionFactory, draft
from tests.test_scheduling import run_due_tasks

pytestmark = pytest.mark.django_db

SITE = "https://news.example.com"
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


class RecordingPurger:
    """Remembers what it was asked to purge, instead of asking a CDN."""

    purges = []

    def purge(self, urls):
        RecordingPurger.purges.append(urls)


@pytest.fixture
def recorded():
    RecordingPurger.purges = []
    with override_settings(
        NEWSROOM_CDN_PURGER="tests.test_cdn.RecordingPurger",
        NEWSROOM_API={**settings.NEWSROOM_API, "BASE_URL": SITE},
    ):
        yield RecordingPurger.purges


@pytest.fixture
def story(editor):
    """A draft in World, tagged and with two bylines; not yet public."""
    article = draft(
        headline="Talks resume",
        section=SectionFactory(slug="world"),
        authors=[AuthorFactory(slug="olena"), AuthorFactory(slug="mark")],
    )
    article.tags.set(["NATO", "Ukraine"])
    return article


def expected_urls(article_path, article_id, *extra_paths):
    paths = [
        "/",
        "/archive/",
        "/archive/2026/",
        "/archive/2026/03/",
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/feed.json",
        "/sitemap.xml",
        "/news-sitemap.xml",
        *(f"/sitemap-{name}.xml" for name in ("pages", "sections", "articles", "tags", "authors")),
        article_path,
        "/world/",
        "/feeds/sections/world/rss/",
        "/feeds/sections/world/atom/",
        "/tags/nato/",
        "/feeds/tags/nato/rss/",
        "/feeds/tags/nato/atom/",
        "/tags/ukraine/",
        "/feeds/tags/ukraine/rss/",
        "/feeds/tags/ukraine/atom/",
        "/authors/olena/",
        "/feeds/authors/olena/rss/",
        "/feeds/authors/olena/atom/",
        "/authors/mark/",
        "/feeds/authors/mark/rss/",
        "/feeds/authors/mark/atom/",
        "/api/v1/articles/",
        f"/api/v1/articles/{article_id}/",
        *extra_paths,
    ]
    return {SITE + path for path in paths}


def test_publishing_purges_every_page_the_article_appears_on(
    story, editor, recorded, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOON, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            publishing.publish(story, by=editor)
        assert recorded == []  # the CDN hears nothing until the task runs
        assert run_due_tasks() == {("article.published", "article.published")}

    [urls] = recorded
    assert set(urls) == expected_urls("/world/talks-resume/", story.pk)
    assert len(urls) == len(set(urls))


def test_a_moved_article_purges_its_old_address_too(
    story, editor, recorded, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOON, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            publishing.publish(story, by=editor)
            story.slug = "talks-resume-in-geneva"
            publishing.save_article(story, by=editor)
        run_due_tasks()

    assert set(recorded[-1]) == expected_urls(
        "/world/talks-resume-in-geneva/", story.pk, "/world/talks-resume/"
    )


@pytest.mark.parametrize(
    "change",
    [
        lambda article, editor: publishing.withdraw(article, by=editor),
        lambda article, editor: publishing.correct(article, by=editor, text="A date was wrong."),
        lambda article, editor: publishing.set_expiry(
            article, by=editor, at=NOON + timedelta(hours=1)
        ),
    ],
    ids=["withdrawal", "correction", "expiry"],
)
def test_every_change_readers_see_purges(
    change, story, editor, recorded, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOON, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            publishing.publish(story, by=editor)
        run_due_tasks()
        with django_capture_on_commit_callbacks(execute=True):
            change(story, editor)
    with time_machine.travel(NOON + timedelta(hours=2), tick=False):
        run_due_tasks()

    assert len(recorded) == 2
    assert set(recorded[1]) == expected_urls("/world/talks-resume/", story.pk)


def test_a_scheduled_article_purges_when_it_goes_live_not_before(
    story, editor, recorded, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(NOON - timedelta(hours=2), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        publishing.publish(story, by=editor, at=NOON)
    with time_machine.travel(NOON - timedelta(seconds=1), tick=False):
        run_due_tasks()
        assert recorded == []
    with time_machine.travel(NOON + timedelta(seconds=1), tick=False):
        run_due_tasks()

    [urls] = recorded
    assert set(urls) == expected_urls("/world/talks-resume/", story.pk)


def test_the_default_purger_logs_the_urls(story, editor, caplog):
    with time_machine.travel(NOON, tick=False):
        publishing.publish(story, by=editor)
    caplog.set_level(logging.INFO, logger="articles.cdn")

    assert isinstance(cdn.get_purger(), cdn.LoggingPurger)
    cdn.purge_article(story)

    assert "/world/talks-resume/ " in caplog.text
    assert "/feeds/tags/nato/atom/" in caplog.text


class PurgeEndpoint(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        PurgeEndpoint.received.append((self.path, dict(self.headers), json.loads(body)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint():
    PurgeEndpoint.received = []
    server = HTTPServer(("127.0.0.1", 0), PurgeEndpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/purge"
    server.shutdown()
    server.server_close()


def http_purger(url, token="s3cret", timeout=5):
    return override_settings(
        NEWSROOM_CDN_PURGER="articles.cdn.HTTPPurger",
        NEWSROOM_CDN_PURGE_URL=url,
        NEWSROOM_CDN_PURGE_TOKEN=token,
        NEWSROOM_CDN_PURGE_TIMEOUT=timeout,
        NEWSROOM_API={**settings.NEWSROOM_API, "BASE_URL": SITE},
    )


def test_the_http_purger_posts_the_urls_with_the_token(endpoint):
    with http_purger(endpoint):
        assert cdn.get_purger().purge([f"{SITE}/", f"{SITE}/world/"]) is True

    [(path, headers, body)] = PurgeEndpoint.received
    assert path == "/purge"
    assert headers["Authorization"] == "Bearer s3cret"
    assert headers["Content-Type"] == "application/json"
    assert body == {"urls": [f"{SITE}/", f"{SITE}/world/"]}


def test_the_http_purger_is_what_announce_article_change_calls(
    story, editor, endpoint, django_capture_on_commit_callbacks
):
    with http_purger(endpoint), time_machine.travel(NOON, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            publishing.publish(story, by=editor)
        run_due_tasks()

    [(_, _, body)] = PurgeEndpoint.received
    assert set(body["urls"]) == expected_urls("/world/talks-resume/", story.pk)


def refusing_address():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/purge"


def test_a_refusing_cdn_is_logged_and_publishing_carries_on(story, editor, caplog):
    with time_machine.travel(NOON, tick=False):
        publishing.publish(story, by=editor)
    generation = caching.content_version()

    with http_purger(refusing_address()), caplog.at_level(logging.ERROR, logger="articles.cdn"):
        outcome = tasks.announce_article_change.call(story.pk, "article.published")

    assert outcome == "article.published"
    assert caching.content_version() != generation  # the page cache was still invalidated
    count = len(expected_urls("/world/talks-resume/", story.pk))
    assert f"CDN purge of {count} URLs failed: ConnectError" in caplog.text


def test_a_hanging_cdn_is_given_up_on_after_the_timeout(caplog):
    with socket.socket() as silent:
        # Accepts connections (the kernel completes the handshake) and never answers.
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/purge"
        started = time.monotonic()
        with http_purger(url, timeout=0.5), caplog.at_level(logging.ERROR, logger="articles.cdn"):
            assert cdn.get_purger().purge([f"{SITE}/"]) is False
        elapsed = time.monotonic() - started

    # The ReadTimeout proves the timeout ended it; the bound is generous so that a busy
    # machine cannot fail it, and still far below "hung".
    assert elapsed < 30
    assert "CDN purge of 1 URLs failed: ReadTimeout" in caplog.text


def test_a_cdn_error_response_is_logged(endpoint, caplog):
    class Failing(PurgeEndpoint):
        def do_POST(self):
            self.send_response(503)
            self.end_headers()
            self.wfile.write(b"purge queue full")

    server = HTTPServer(("127.0.0.1", 0), Failing)
    threading.Thread(target=server.handle_request, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/purge"
    with http_purger(url), caplog.at_level(logging.ERROR, logger="articles.cdn"):
        assert cdn.get_purger().purge([f"{SITE}/"]) is False
    server.server_close()

    assert "HTTP 503: purge queue full" in caplog.text


def test_the_setting_picks_the_purger(endpoint):
    assert isinstance(cdn.get_purger(), cdn.LoggingPurger)
    with http_purger(endpoint):
        assert isinstance(cdn.get_purger(), cdn.HTTPPurger)
    with override_settings(NEWSROOM_CDN_PURGER="tests.test_cdn.RecordingPurger"):
        assert isinstance(cdn.get_purger(), RecordingPurger)


def test_the_environment_configures_the_http_purger():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "NEWSROOM_CDN_PURGER": "articles.cdn.HTTPPurger",
        "NEWSROOM_CDN_PURGE_URL": "https://cdn.example.com/purge",
        "NEWSROOM_CDN_PURGE_TOKEN": "t0ken",
        "NEWSROOM_BASE_URL": SITE,
    }
    code = (
        "import django; django.setup(); from articles import cdn; p = cdn.get_purger(); "
        "print(type(p).__name__, p.endpoint, p.token, p.timeout)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.stdout.split() == ["HTTPPurger", "https://cdn.example.com/purge", "t0ken", "5.0"]


@override_settings(NEWSROOM_CDN_PURGER="articles.cdn.CloudflarePurger")
def test_an_invalid_purger_path_is_a_clear_error():
    with pytest.raises(ImproperlyConfigured, match="NEWSROOM_CDN_PURGER is 'articles.cdn.Cloud"):
        cdn.get_purger()
    with pytest.raises(SystemCheckError, match="cannot be imported"):
        call_command("check")


@override_settings(NEWSROOM_CDN_PURGER="articles.cdn.HTTPPurger", NEWSROOM_CDN_PURGE_URL="")
def test_the_http_purger_needs_its_endpoint():
    with pytest.raises(ImproperlyConfigured, match="NEWSROOM_CDN_PURGE_URL is not set"):
        cdn.get_purger()


def test_the_http_purger_needs_the_public_origin():
    with (
        http_purger("https://cdn.example.com/purge"),
        override_settings(NEWSROOM_API={**settings.NEWSROOM_API, "BASE_URL": ""}),
        pytest.raises(ImproperlyConfigured, match="NEWSROOM_BASE_URL"),
    ):
        cdn.get_purger()
