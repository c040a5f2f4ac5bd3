"""
The editorial workflow: the only code that saves edits to articles or moves them between
states. The admin, the API and the management commands all call these functions, so
every rule — who may do what, the audit log, revisions, redirects, and what happens when
an article goes public — lives here once.

`by` is the user acting; None means the system itself (an import run from the shell, a
scheduled time arriving), which is trusted.
"""

from copy import copy
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from . import revisions, tasks
from .models import Article, ArticleRedirect, Byline, Correction, WorkflowEvent

PUBLISH_PERMISSION = "articles.publish_article"
Status = Article.Status

# The fields only editors may set: together they decide when an article is public.
SCHEDULING_FIELDS = ("published_at", "embargo_until", "expires_at")
# Everything the workflow itself maintains; a transition copies them back to the caller.
STATE_FIELDS = (
    "status",
    *SCHEDULING_FIELDS,
    "first_published_at",
    "updated_at",
    "modified_at",
    "version",
)


class WorkflowError(Exception):
    """The action does not apply to the article as it is; the message says why."""


class EditConflict(Exception):
    """Someone else saved the article after this edit began. The edit was kept as a revision."""

    def __init__(self, article, revision, expected_version):
        self.article = article
        self.revision = revision
        super().__init__(
            f"Someone else saved this article (now version {article.version}) after you "
            f"opened version {expected_version}. Your changes were not applied; they are kept "
            f"as revision {revision.number} so that you can compare and merge them."
        )


@dataclass(frozen=True)
class Transition:
    label: str
    sources: frozenset
    target: str
    needs_publish_permission: bool


TRANSITIONS = {
    "submit": Transition("Submit for review", frozenset({Status.DRAFT}), Status.IN_REVIEW, False),
    "publish": Transition(
        "Publish",
        frozenset({Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN, Status.PUBLISHED}),
        Status.PUBLISHED,
        True,
    ),
    "withdraw": Transition("Withdraw", frozenset({Status.PUBLISHED}), Status.WITHDRAWN, True),
    "return_to_draft": Transition(
        "Send back to draft",
        frozenset({Status.IN_REVIEW, Status.PUBLISHED, Status.WITHDRAWN}),
        Status.DRAFT,
        True,
    ),
}


def can_publish(user):
    return user is None or user.has_perm(PUBLISH_PERMISSION)


def can_edit(user, article):
    """Editors edit any article; writers only their own drafts."""
    if user is None:
        return True
    if article.pk is None:
        return user.has_perm("articles.add_article")
    if not user.has_perm("articles.change_article"):
        return False
    if can_publish(user):
        return True
    return article.created_by_id == user.pk and article.status == Status.DRAFT


def has_been_published(article):
    """Once public (or scheduled), an article keeps its address and history: it is
    withdrawn, never deleted."""
    return (
        article.status in (Status.PUBLISHED, Status.WITHDRAWN)
        or article.first_published_at is not None
    )


def allowed_actions(user, article):
    """The transitions `user` may apply to `article` now, by name, in TRANSITIONS order."""
    if article.pk is None:
        return []
    actions = []
    for name, transition in TRANSITIONS.items():
        if article.status not in transition.sources:
            continue
        if name == "publish" and article.status == Status.PUBLISHED and not article.is_scheduled:
            continue  # already live; nothing to publish
        if transition.needs_publish_permission and not can_publish(user):
            continue
        if not transition.needs_publish_permission and not can_edit(user, article):
            continue
        actions.append(name)
    if article.status == Status.PUBLISHED and can_publish(user):
        actions.append("correct")
    return actions


def save_article(
    article,
    *,
    by,
    expected_version=None,
    tags=None,
    bylines=None,
    save_related=None,
    note="",
):
    """Save an edit: permissions, the concurrent-edit check, a revision, redirects, follow-ups.

    expected_version is the version the editor started from; if someone saved since,
    EditConflict is raised and the edit is kept as a conflict revision instead. tags (names)
    and bylines (authors, in order) replace the article's when given; save_related, when
    given, is called after the article is saved to store anything else (the admin's inlines).
    """
    if not can_edit(by, article):
        raise PermissionDenied("You may not edit this article.")
    with transaction.atomic():
        before = _locked(article) if article.pk else None
        stale = before is not None and expected_version not in (None, before.version)
        if not stale:
            _save(article, before, by=by, tags=tags, bylines=bylines, save_related=save_related)
            revisions.record(article, by=by, note=note)
            _follow_up(before, article, changed_event="article.updated")
    if stale:
        # Kept outside the transaction above so that it survives the refusal.
        revision = revisions.record(
            before,
            by=by,
            is_conflict=True,
            note="Not applied: someone else saved first.",
            content=_pending_content(article, tags, bylines),
        )
        raise EditConflict(before, revision, expected_version)
    return article


def _save(article, before, *, by, tags, bylines, save_related):
    if before is None:
        if article.status != Status.DRAFT and by is not None:
            raise WorkflowError("New articles start as drafts; publish them with an action.")
        article.created_by = _user(by)
        article.version = 1
    else:
        if article.status != before.status:
            raise WorkflowError("Change an article's status with an action, not an edit.")
        changed_schedule = any(
            getattr(article, field) != getattr(before, field) for field in SCHEDULING_FIELDS
        )
        if changed_schedule and not can_publish(by):
            raise PermissionDenied("Only editors set publication, embargo and expiry times.")
        article.version = before.version + 1
    article.save()
    if tags is not None:
        article.tags.set(list(tags))
    if bylines is not None:
        _set_bylines(article, bylines)
    if save_related is not None:
        save_related()
    if before is not None:
        _remember_old_url(before, article)


def _pending_content(article, tags, bylines):
    content = revisions.content_of(article)
    content.update({field: getattr(article, field) for field in revisions.CONTENT_FIELDS})
    content["section"] = article.section.slug if article.section_id else None
    if tags is not None:
        content["tags"] = sorted(tags)
    if bylines is not None:
        content["bylines"] = [author.slug for author in bylines]
    return content


def _set_bylines(article, authors):
    article.bylines.all().delete()
    Byline.objects.bulk_create(
        Byline(article=article, author=author, position=position)
        for position, author in enumerate(authors)
    )


def _remember_old_url(before, after):
    """Once an article has been public, every address it had keeps answering (with a 301)."""
    old_url, new_url = before.get_absolute_url(), after.get_absolute_url()
    ArticleRedirect.objects.filter(old_path=new_url).delete()
    if before.first_published_at and old_url != new_url:
        ArticleRedirect.objects.update_or_create(old_path=old_url, defaults={"article": after})


def submit_for_review(article, *, by, comment=""):
    return _transition(article, "submit", by=by, comment=comment)


def publish(article, *, by, at=None, comment=""):
    """Publish now, or schedule for `at`: until then the visibility rule keeps it private.

    The first publication fixes first_published_at; publishing again later (after a
    withdrawal) moves the article's “last updated” time instead.
    """

    def apply(current, now):
        been_public = current.first_published_at and current.first_published_at <= now
        # Republishing keeps the original publication time unless a new one is given.
        current.published_at = at or (current.published_at if been_public else now)
        if not been_public:
            # Never public yet (or only scheduled): this is its first publication.
            current.first_published_at = current.published_at
            current.updated_at = current.published_at
        else:
            current.updated_at = max(now, current.published_at)

    return _transition(article, "publish", by=by, comment=comment, apply=apply)


def withdraw(article, *, by, comment=""):
    """Take a published article off the public site; it keeps its history and address."""
    return _transition(article, "withdraw", by=by, comment=comment)


def return_to_draft(article, *, by, comment):
    if not comment.strip():
        raise WorkflowError("Say why the article goes back to draft; the writer will see it.")
    return _transition(article, "return_to_draft", by=by, comment=comment)


def set_embargo(article, *, by, until, comment=""):
    """Hide a published article from the public until `until` (None lifts the embargo)."""

    def apply(current, now):
        current.embargo_until = until

    return _change_schedule(article, by=by, action="embargo", comment=comment, apply=apply)


def set_expiry(article, *, by, at, comment=""):
    """Take the article off the public site at `at` (None: keep it up)."""

    def apply(current, now):
        current.expires_at = at

    return _change_schedule(article, by=by, action="expiry", comment=comment, apply=apply)


def correct(article, *, by, text, kind=Correction.Kind.CORRECTION):
    """Append a correction or update note to a published article; readers see it at once."""
    if not can_publish(by):
        raise PermissionDenied("Only editors may correct articles.")
    if not text.strip():
        raise WorkflowError("A correction needs its text.")
    with transaction.atomic():
        current = _locked(article)
        if current.status != Status.PUBLISHED:
            raise WorkflowError("Only published articles take corrections; edit the draft instead.")
        now = timezone.now()
        correction = Correction.objects.create(
            article=current, kind=kind, text=text.strip(), created_at=now, created_by=_user(by)
        )
        before = copy(current)
        current.updated_at = now
        current.version += 1
        current.save()
        _log(current, by=by, action=kind, from_status=current.status, comment=text.strip())
        _copy_state(current, article)
        _follow_up(before, current, changed_event="article.corrected")
    return correction


def _transition(article, action, *, by, comment="", apply=None):
    transition = TRANSITIONS[action]
    with transaction.atomic():
        current = _locked(article)
        before = copy(current)
        already_live = action == "publish" and current.is_published()
        if current.status not in transition.sources or already_live:
            raise WorkflowError(
                f"“{transition.label}” does not apply to an article that is {current.get_status_display().lower()}."
            )
        allowed = can_publish(by) if transition.needs_publish_permission else can_edit(by, current)
        if not allowed:
            raise PermissionDenied(f"You may not “{transition.label.lower()}” this article.")
        now = timezone.now()
        if apply is not None:
            apply(current, now)
        current.status = transition.target
        current.version += 1
        current.save()
        _log(current, by=by, action=action, from_status=before.status, comment=comment)
        _copy_state(current, article)
        _follow_up(before, current)
    return article


def _change_schedule(article, *, by, action, comment, apply):
    if not can_publish(by):
        raise PermissionDenied("Only editors set embargo and expiry times.")
    with transaction.atomic():
        current = _locked(article)
        before = copy(current)
        apply(current, timezone.now())
        current.version += 1
        current.save()
        _log(current, by=by, action=action, from_status=current.status, comment=comment)
        _copy_state(current, article)
        _follow_up(before, current)
    return article


def _locked(article):
    """The article as stored, locked until the transaction ends so saves queue, not collide."""
    return Article.objects.select_for_update().select_related("section").get(pk=article.pk)


def _copy_state(source, target):
    for field in STATE_FIELDS:
        setattr(target, field, getattr(source, field))


def _user(by):
    return by if getattr(by, "pk", None) else None


def _log(article, *, by, action, from_status, comment=""):
    WorkflowEvent.objects.create(
        article=article,
        actor=_user(by),
        action=action,
        from_status=from_status,
        to_status=article.status,
        comment=comment,
    )


def _follow_up(before, after, *, changed_event=None):
    """Queue, for after the commit, the work that follows a change readers can see.

    Public now and not before: "article.published". The reverse: "article.unpublished".
    Public before and after: changed_event, if the change was to content. A publication
    still to come, or an expiry, is queued for its own time and re-checked when it runs.
    """
    was_public = before is not None and before.is_published()
    is_public = after.is_published()
    if is_public and not was_public:
        _announce(after, "article.published")
    elif was_public and not is_public:
        _announce(after, "article.unpublished")
    elif is_public and changed_event:
        _announce(after, changed_event)

    if after.status == Status.PUBLISHED:
        live_at = after.goes_live_at
        if live_at and live_at > timezone.now():
            _announce(after, "article.published", at=live_at)
        if after.expires_at and after.expires_at > timezone.now():
            _announce(after, "article.unpublished", at=after.expires_at)


def _announce(article, event, *, at=None):
    task = tasks.announce_article_change
    if at is not None:
        task = task.using(run_after=at)
    transaction.on_commit(partial(task.enqueue, article.pk, event, at.isoformat() if at else None))
