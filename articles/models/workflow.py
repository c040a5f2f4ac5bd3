from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .content import Article

PREVIEW_SALT = "articles.preview-link"


class WorkflowEvent(models.Model):
    """The audit log: every change of an article's state, who made it and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the system acted (an import, a scheduled time arriving).",
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, choices=Article.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Article.Status.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["article", "-at"], name="event_article_idx")]

    def __str__(self):
        who = self.actor or "system"
        return (
            f"{self.at:%Y-%m-%d %H:%M} {who}: {self.action} ({self.from_status} → {self.to_status})"
        )


class RevisionQuerySet(models.QuerySet):
    def for_article(self, article):
        return self.filter(article=article).order_by("-number")


class Revision(models.Model):
    """A full copy of an article as saved, so any earlier state can be compared or restored."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    content = models.JSONField(help_text="Headline, body, tags, bylines … as they were saved.")
    is_conflict = models.BooleanField(
        default=False,
        help_text="An edit that was not applied because someone else saved first; kept so "
        "that nothing written is lost.",
    )
    note = models.CharField(max_length=200, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="one_revision_number")
        ]

    def __str__(self):
        return f"Revision {self.number} of “{self.content.get('headline', '')}”"


class Correction(models.Model):
    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        UPDATE = "update", "Update"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField(help_text="What was wrong and what is right now, for readers.")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} on “{self.article}”"


class ArticleRedirect(models.Model):
    """An address a published article used to have; it answers 301 to the current one."""

    old_path = models.CharField(max_length=500, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.old_path} → {self.article.get_absolute_url()}"


def default_preview_expiry():
    return timezone.now() + timedelta(days=7)


class PreviewLink(models.Model):
    """A secret, expiring, revocable address that shows an unpublished article to anyone."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(
        default=default_preview_expiry, help_text="After this time the link shows “not found”."
    )
    revoked = models.BooleanField(default=False, help_text="Tick to stop the link working at once.")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Preview of “{self.article}” until {self.expires_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("articles:shared_preview", kwargs={"token": self.token})

    @property
    def token(self):
        # Signed, so link ids cannot be guessed or enumerated; expiry and revocation are
        # checked in the database, so they take effect at once.
        return signing.dumps(self.pk, salt=PREVIEW_SALT)

    @classmethod
    def from_token(cls, token):
        """The link a token names, if the signature holds and it is neither expired nor revoked."""
        try:
            pk = signing.loads(token, salt=PREVIEW_SALT)
        except signing.BadSignature:
            return None
        return (
            cls.objects.filter(pk=pk, revoked=False, expires_at__gt=timezone.now())
            .select_related("article")
            .first()
        )

    @property
    def is_active(self):
        return not self.revoked and self.expires_at > timezone.now()
