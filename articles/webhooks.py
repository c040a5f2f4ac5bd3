"""
Webhooks: a signed POST to every subscriber for each change readers can see.

announce_article_change (articles/tasks.py) hands each event to notify(), which logs one
WebhookDelivery per interested subscription and queues deliver_webhook for it. Each
attempt is signed afresh, sent with a timeout, and retried with exponential backoff; a
410 Gone disables the subscription.

The signature header reads `t=<unix time>,v1=<hex>`, where hex is HMAC-SHA256 with the
subscription's secret over `<unix time>.` followed by the exact body bytes.
"""

import hashlib
import hmac
import json
import time
import uuid
from datetime import timedelta
from functools import partial

import httpx
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from .models import WebhookDelivery, WebhookSubscription

SIGNATURE_HEADER = "Newsroom-Signature"
ERROR_PREVIEW_BYTES = 500
Status = WebhookDelivery.Status


def config(name):
    return settings.NEWSROOM_API[name]


def sign(secret, timestamp, body):
    """The hex HMAC-SHA256 of `<timestamp>.<body>` (body as bytes)."""
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret, header, body, *, tolerance=300, now=None):
    """Check a signature header the way a receiver should (also used by the tests)."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), parts.get("v1", ""))


def payload(article, event):
    base = config("BASE_URL")
    return {
        "id": f"evt_{uuid.uuid4().hex}",
        "event": event,
        "created_at": timezone.now(),
        "article": {
            "id": article.pk,
            "slug": article.slug,
            "headline": article.headline,
            "status": article.status,
            "version": article.version,
            "url": base + article.get_absolute_url(),
            "api_url": base + reverse("api:article-detail", kwargs={"pk": article.pk}),
            "published_at": article.published_at,
            "embargo_until": article.embargo_until,
            "updated_at": article.updated_at,
            "modified_at": article.modified_at,
        },
    }


def notify(article, event):
    """Log and queue one delivery of `event` for each active subscription that wants it."""
    subscriptions = [
        s for s in WebhookSubscription.objects.filter(is_active=True) if s.wants(event)
    ]
    if not subscriptions:
        return []
    body = json.dumps(payload(article, event), cls=DjangoJSONEncoder, ensure_ascii=False)
    deliveries = [
        WebhookDelivery.objects.create(
            subscription=subscription, event=event, article=article, body=body
        )
        for subscription in subscriptions
    ]
    for delivery in deliveries:
        _queue(delivery)
    return deliveries


def replay(delivery):
    """Send a logged delivery again, as a new delivery with the same body."""
    again = WebhookDelivery.objects.create(
        subscription=delivery.subscription,
        event=delivery.event,
        article_id=delivery.article_id,
        body=delivery.body,
        replay_of=delivery,
    )
    _queue(again)
    return again


def _queue(delivery, *, at=None):
    deliver = deliver_webhook.using(run_after=at) if at else deliver_webhook
    transaction.on_commit(partial(deliver.enqueue, delivery.pk))


def backoff(attempts):
    """Seconds to wait after the `attempts`-th failure: base, 2×base, 4×base … (capped)."""
    return min(config("WEBHOOK_RETRY_BASE_SECONDS") * 2 ** (attempts - 1), 6 * 3600)


@task
def deliver_webhook(delivery_id):
    """One attempt at one delivery; queues the next attempt when this one fails."""
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None or delivery.status in (Status.DELIVERED, Status.FAILED):
        return "skipped"
    subscription = delivery.subscription
    if not subscription.is_active:
        delivery.status, delivery.error = Status.FAILED, "Not sent: the subscription is disabled."
        delivery.save(update_fields=["status", "error"])
        return delivery.status

    code, error, duration_ms = _post(subscription, delivery)
    delivery.attempts += 1
    delivery.response_code, delivery.error, delivery.duration_ms = code, error, duration_ms
    delivery.last_attempt_at = timezone.now()
    delivery.next_attempt_at = None
    if code is not None and 200 <= code < 300:
        delivery.status = Status.DELIVERED
    elif code == 410:
        delivery.status = Status.FAILED
        subscription.disable(
            f"The receiver answered 410 Gone on {delivery.last_attempt_at:%Y-%m-%d %H:%M} UTC."
        )
    elif delivery.attempts >= config("WEBHOOK_MAX_ATTEMPTS"):
        delivery.status = Status.FAILED
    else:
        delivery.status = Status.RETRYING
        delivery.next_attempt_at = delivery.last_attempt_at + timedelta(
            seconds=backoff(delivery.attempts)
        )
        _queue(delivery, at=delivery.next_attempt_at)
    delivery.save()
    return delivery.status


def _post(subscription, delivery):
    body = delivery.body.encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Newsroom-Webhooks/1",
        "Newsroom-Event": delivery.event,
        "Newsroom-Delivery": str(delivery.pk),
        "Newsroom-Timestamp": str(timestamp),
        SIGNATURE_HEADER: f"t={timestamp},v1={sign(subscription.secret, timestamp, body)}",
    }
    started = time.monotonic()
    try:
        # Redirects are not followed: a receiver that moved must be updated in the admin.
        with (
            httpx.Client(timeout=config("WEBHOOK_TIMEOUT"), follow_redirects=False) as client,
            client.stream("POST", subscription.url, content=body, headers=headers) as response,
        ):
            code = response.status_code
            error = "" if 200 <= code < 300 else f"HTTP {code}: {_preview(response)}"
    except httpx.HTTPError as exc:
        code, error = None, f"{type(exc).__name__}: {exc}"
    return code, error, round((time.monotonic() - started) * 1000)


def _preview(response):
    """The start of an error response, never the whole of it (a receiver could send GBs)."""
    received = b""
    for chunk in response.iter_bytes():
        received += chunk
        if len(received) >= ERROR_PREVIEW_BYTES:
            break
    return received[:ERROR_PREVIEW_BYTES].decode("utf-8", "replace")
