"""HTTP caching: validators and 304s, CDN headers, the page cache and what invalidates it."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django.utils.http import http_date

from articles import publishing, tasks
from articles.models import Correction
from tests.factories import draft

pytestmark = pytest.mark.django_db

PAGES = ["/", "/world/", "/tags/nato/", "/authors/olena-kovalenko/", "/archive/", "/feeds/rss/"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_send_validators_and_cdn_headers(client, article, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["ETag"]
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=60", "s-maxage=300", "stale-while-revalidate=600"} <= cache_control


def test_article_page_is_last_modified_when_readers_last_saw_a_change(client, article):
    response = client.get(article.get_absolute_url())

    assert response["Last-Modified"] == http_date(article.published_at.timestamp())


@pytest.mark.parametrize("url", PAGES)
def test_conditional_requests_get_304(client, article, url):
    first = client.get(url)

    again = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""


def test_if_modified_since_gets_304_until_the_article_changes(client, article):
    url = article.get_absolute_url()
    since = client.get(url)["Last-Modified"]

    assert client.get(url, headers={"If-Modified-Since": since}).status_code == 304
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        publishing.correct(article, by=None, text="The minister's name was misspelt.")
        assert client.get(url, headers={"If-Modified-Since": since}).status_code == 200


def test_a_cached_page_is_served_with_one_query(client, article, django_assert_num_queries):
    client.get("/world/")

    with django_assert_num_queries(1):  # the content version
        response = client.get("/world/")

    assert article.headline in response.content.decode()


def test_signed_in_staff_get_fresh_private_pages(client, article, admin_user):
    client.force_login(admin_user)

    response = client.get("/")

    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def cached_then(client, url, change):
    before = client.get(url).content.decode()
    assert client.get(url).content.decode() == before  # from the cache
    change()
    return client.get(url).content.decode()


def test_publishing_shows_at_once(client, section):
    article = draft(headline="Fresh off the press", section=section)

    page = cached_then(client, "/world/", lambda: publishing.publish(article, by=None))

    assert "Fresh off the press" in page


def test_an_edit_shows_at_once(client, article):
    def edit():
        article.headline = "A better headline"
        publishing.save_article(article, by=None)

    assert "A better headline" in cached_then(client, article.get_absolute_url(), edit)


def test_withdrawing_shows_at_once(client, article):
    page = cached_then(client, "/world/", lambda: publishing.withdraw(article, by=None))

    assert article.headline not in page


def test_a_correction_shows_at_once(client, article):
    page = cached_then(
        client,
        article.get_absolute_url(),
        lambda: publishing.correct(
            article,
            by=None,
            text="An earlier version gave the wrong date.",
            kind=Correction.Kind.CORRECTION,
        ),
    )

    assert "An earlier version gave the wrong date." in page


def test_a_scheduled_article_appears_at_its_time_without_a_worker(client, section):
    go_live = timezone.now() + timedelta(minutes=10)
    article = draft(headline="Scheduled scoop", section=section)
    publishing.publish(article, by=None, at=go_live)

    assert "Scheduled scoop" not in client.get("/world/").content.decode()
    with time_machine.travel(go_live + timedelta(seconds=2)):
        assert "Scheduled scoop" in client.get("/world/").content.decode()


def test_an_expiring_article_leaves_at_its_time(client, article):
    expiry = timezone.now() + timedelta(minutes=10)
    publishing.set_expiry(article, by=None, at=expiry)

    assert article.headline in client.get("/world/").content.decode()
    with time_machine.travel(expiry + timedelta(seconds=2)):
        assert article.headline not in client.get("/world/").content.decode()


def test_the_announce_task_invalidates_cached_pages(client, article, monkeypatch):
    client.get("/")
    # A change the content version cannot see (a raw update leaves modified_at alone).
    type(article).objects.filter(pk=article.pk).update(headline="Changed behind our back")
    assert "Changed behind our back" not in client.get("/").content.decode()

    tasks.announce_article_change.call(article.pk, "article.updated")

    assert "Changed behind our back" in client.get("/").content.decode()


def test_renaming_a_section_shows_at_once(client, article, django_capture_on_commit_callbacks):
    def rename():
        with django_capture_on_commit_callbacks(execute=True):
            article.section.name = "Abroad"
            article.section.save()

    assert ">Abroad</a>" in cached_then(client, "/", rename)


def test_static_files_are_compressed_and_fingerprinted(tmp_path):
    storages = {
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
        from django.templatetags.static import static

        url = static("articles/css/site.css")

    assert url.startswith("/static/articles/css/site.") and url != "/static/articles/css/site.css"
    name = url.removeprefix("/static/")
    assert (tmp_path / name).exists()
    assert (tmp_path / f"{name}.gz").exists()
