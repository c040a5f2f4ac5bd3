"""Webhooks against a real receiver on 127.0.0.1: signing, retries, 410, replay, go-live."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles import publishing, webhooks
from articles.admin.integrations import WebhookDeliveryAdmin
from articles.models import WebhookDelivery, WebhookSubscription
from articles.tasks import announce_article_change
from tests.factories import draft

pytestmark = pytest.mark.django_db


class Receiver:
    """An HTTP server in a thread that answers with the queued status codes (then 200)."""

    def __init__(self):
        self.requests = []
        self.statuses = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"gone" if status == 410 else b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    with Receiver() as receiver:
        yield receiver


@pytest.fixture
def subscription(receiver):
    return WebhookSubscription.objects.create(
        name="Partner",
        url=receiver.url,
        events=["article.published", "article.unpublished", "article.corrected"],
        secret="whsec_test",
    )


@pytest.fixture(autouse=True)
def fast_webhooks(settings):
    settings.NEWSROOM_API = {
        **settings.NEWSROOM_API,
        "WEBHOOK_TIMEOUT": 2,
        "WEBHOOK_MAX_ATTEMPTS": 3,
        "WEBHOOK_RETRY_BASE_SECONDS": 30,
    }


@pytest.fixture
def run_worker(monkeypatch):
    """`manage.py db_worker --batch`, in the test's own transaction."""
    # The worker closes "old" connections between tasks, which would close the test's.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    return lambda: call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def send_all():
    for delivery in WebhookDelivery.objects.exclude(status__in=["delivered", "failed"]):
        webhooks.deliver_webhook.call(delivery.pk)


def test_a_delivery_is_signed_over_timestamp_and_body(receiver, subscription, article):
    webhooks.notify(article, "article.published")
    send_all()

    headers, body = receiver.requests[0]
    signature = headers["Newsroom-Signature"]
    timestamp = headers["Newsroom-Timestamp"]
    payload = json.loads(body)
    assert payload["event"] == "article.published"
    assert payload["article"]["id"] == article.pk
    assert signature == f"t={timestamp},v1={webhooks.sign('whsec_test', int(timestamp), body)}"
    assert webhooks.verify("whsec_test", signature, body)
    assert not webhooks.verify("wrong-secret", signature, body)
    assert not webhooks.verify("whsec_test", signature, body + b" ")
    assert not webhooks.verify("whsec_test", signature, body, now=int(timestamp) + 301)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 1, 200)
    assert delivery.duration_ms is not None


def test_the_readme_verification_example_accepts_a_real_delivery(receiver, subscription, article):
    """The snippet in README.md is what receivers copy: it must work."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    snippet = readme.split("<!-- webhook-verification -->")[1].split("```python")[1].split("```")[0]
    namespace = {}
    exec(snippet, namespace)  # noqa: S102 - our own documentation
    webhooks.notify(article, "article.published")
    send_all()
    headers, body = receiver.requests[0]

    assert namespace["verify"](body, headers["Newsroom-Signature"], "whsec_test")
    assert not namespace["verify"](body, headers["Newsroom-Signature"], "other")


def test_a_failed_delivery_is_retried_with_exponential_backoff(receiver, subscription, article):
    receiver.statuses = [500, 503]
    webhooks.notify(article, "article.published")

    send_all()
    first = WebhookDelivery.objects.get()
    assert (first.status, first.attempts, first.response_code) == ("retrying", 1, 500)
    assert first.next_attempt_at - first.last_attempt_at == timedelta(seconds=30)
    send_all()
    second = WebhookDelivery.objects.get()
    assert (second.attempts, second.response_code) == (2, 503)
    assert second.next_attempt_at - second.last_attempt_at == timedelta(seconds=60)
    send_all()

    done = WebhookDelivery.objects.get()
    assert (done.status, done.attempts, done.response_code) == ("delivered", 3, 200)
    assert len(receiver.requests) == 3


def test_retries_are_queued_for_the_worker_at_their_time(
    receiver, subscription, article, django_capture_on_commit_callbacks, run_worker
):
    receiver.statuses = [500]
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.notify(article, "article.published")
    with django_capture_on_commit_callbacks(execute=True):
        run_worker()

    delivery = WebhookDelivery.objects.get()
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert delivery.status == "retrying"
    assert retry.run_after == delivery.next_attempt_at
    assert retry.args_kwargs["args"] == [delivery.pk]


def test_giving_up_after_the_last_attempt(receiver, subscription, article):
    receiver.statuses = [500, 500, 500, 500]
    webhooks.notify(article, "article.published")
    for _ in range(4):
        send_all()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert "HTTP 500" in delivery.error


def test_an_unreachable_receiver_is_logged_and_retried(subscription, article):
    subscription.url = "http://127.0.0.1:9/nothing-listens-here"
    subscription.save()
    webhooks.notify(article, "article.published")
    send_all()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_code) == ("retrying", None)
    assert "ConnectError" in delivery.error


def test_a_410_disables_the_subscription(receiver, subscription, article):
    receiver.statuses = [410]
    webhooks.notify(article, "article.published")
    send_all()

    subscription.refresh_from_db()
    assert not subscription.is_active
    assert "410" in subscription.disabled_reason
    assert WebhookDelivery.objects.get().status == "failed"
    assert webhooks.notify(article, "article.published") == []


def test_only_subscribed_events_are_sent(receiver, subscription, article):
    assert webhooks.notify(article, "article.updated") == []
    assert len(webhooks.notify(article, "article.corrected")) == 1


def test_replay_from_the_admin_sends_the_same_body_again(
    admin_client, receiver, subscription, article, django_capture_on_commit_callbacks
):
    webhooks.notify(article, "article.published")
    send_all()
    original = WebhookDelivery.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/articles/webhookdelivery/",
            {"action": "replay_selected", "_selected_action": [original.pk]},
        )
    send_all()

    replay = WebhookDelivery.objects.exclude(pk=original.pk).get()
    assert response.status_code == 302
    assert replay.replay_of == original
    assert replay.status == "delivered"
    assert receiver.requests[0][1] == receiver.requests[1][1]
    assert WebhookDeliveryAdmin.list_display[:3] == ["created_at", "subscription", "event"]


def test_publishing_through_the_api_sends_article_published(
    editor_api, receiver, subscription, section, django_capture_on_commit_callbacks, run_worker
):
    article = draft(section=section)
    with django_capture_on_commit_callbacks(execute=True):
        editor_api.post(f"/api/v1/articles/{article.pk}/publish/")
    run_worker()
    send_all()

    assert [json.loads(body)["event"] for _, body in receiver.requests] == ["article.published"]


def test_a_scheduled_article_is_announced_when_it_goes_live(
    receiver, subscription, editor, section, time_machine, django_capture_on_commit_callbacks
):
    article = draft(section=section)
    go_live = timezone.now() + timedelta(hours=1)
    with django_capture_on_commit_callbacks() as callbacks:
        publishing.publish(article, by=editor, at=go_live)
    assert len(callbacks) == 1  # only the task for go-live time
    assert webhooks.notify.__name__  # nothing was sent at scheduling time
    assert receiver.requests == []

    time_machine.move_to(go_live + timedelta(seconds=1))
    announce_article_change.call(article.pk, "article.published", go_live.isoformat())
    send_all()

    assert [json.loads(body)["event"] for _, body in receiver.requests] == ["article.published"]
    assert WebhookDelivery.objects.get().article == article
