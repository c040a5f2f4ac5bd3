"""What integrations need stored: API tokens, webhook subscriptions and their delivery log."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from .content import Article

# The public prefix every token starts with, not a secret.
TOKEN_PREFIX = "nr_"  # nosec B105
# A token's last use is written at most this often, so reads do not each cost a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(raw):
    # Tokens are 256-bit random strings, so a fast hash suffices (nothing to brute-force);
    # unlike a password hash it lets a request find its token with one indexed lookup.
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)

    def create_token(self, *, user, name, embargo_access=False):
        """Make a token for `user`; returns (token, raw key). The raw key is never stored."""
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = self.create(
            user=user,
            name=name,
            embargo_access=embargo_access,
            prefix=raw[: len(TOKEN_PREFIX) + 6],
            key_hash=hash_token(raw),
        )
        return token, raw

    def authenticate(self, raw):
        """The active token with this raw key, or None; records when it was used."""
        token = self.active().select_related("user").filter(key_hash=hash_token(raw)).first()
        if token is not None:
            token.touch()
        return token


class ApiToken(models.Model):
    """A key an integration sends as `Authorization: Bearer …`; it acts as its user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text="The token can do exactly what this account may do: a writer's token "
        "drafts, an editor's token also publishes.",
    )
    name = models.CharField(
        max_length=100, help_text="What uses the token, e.g. “Wire importer” or “Partner app”."
    )
    prefix = models.CharField(
        max_length=20, editable=False, help_text="The start of the key, to recognise it by."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    embargo_access = models.BooleanField(
        default=False,
        help_text="Lets a partner read published articles that are still under embargo "
        "(never drafts).",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField("last used", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(
        "revoked", null=True, blank=True, help_text="A revoked token stops working at once."
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API token"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None

    def touch(self):
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class WebhookEvent(models.TextChoices):
    PUBLISHED = "article.published", "Article published (incl. at its scheduled time)"
    UPDATED = "article.updated", "Public article updated"
    UNPUBLISHED = "article.unpublished", "Article taken off the site (withdrawn or expired)"
    CORRECTED = "article.corrected", "Correction or update note appended"


def new_webhook_secret():
    return "whsec_" + secrets.token_urlsafe(32)


class WebhookSubscription(models.Model):
    name = models.CharField(max_length=100, help_text="Who receives it, e.g. “Partner app”.")
    url = models.URLField(
        "URL", max_length=500, help_text="Where Newsroom POSTs each event, signed."
    )
    events = models.JSONField(
        default=list, help_text="The events to send; see the list of choices."
    )
    secret = models.CharField(
        max_length=100,
        default=new_webhook_secret,
        help_text="Shared with the receiver, which checks each delivery's signature with it.",
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Unticked by Newsroom when the receiver answers 410 Gone; tick to resume.",
    )
    disabled_reason = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def wants(self, event):
        return self.is_active and event in self.events

    def disable(self, reason):
        self.is_active = False
        self.disabled_reason = reason[:200]
        self.save(update_fields=["is_active", "disabled_reason"])


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RETRYING = "retrying", "Retrying"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(help_text="Exactly the bytes sent (and signed), as UTF-8.")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField("duration (ms)", null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    replay_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replays"
    )

    class Meta:
        verbose_name_plural = "webhook deliveries"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.event} → {self.subscription} ({self.get_status_display()})"
