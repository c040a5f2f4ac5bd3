"""
The change feed's order: by when an article last changed as a reader sees it, then id.

See the README (“Lists, pagination and the change feed”) for the guarantee; the horizon
(now less the settle time) is what makes it hold while transactions commit out of order.
"""

import base64
from datetime import UTC, datetime

from django.db.models import Case, F, Q, When
from django.db.models.functions import Greatest
from django.utils import timezone

from ..models import Article
from .problems import InvalidParameters


def changes_after(position, *, readable, horizon, limit):
    """[(pk, changed_at)] after the cursor position, up to the horizon, in feed order.

    Besides what the caller may read, articles that were once public are included so that
    their disappearance reaches the caller (as an entry with visible: false).
    """
    return list(
        Article.objects.filter(Q(pk__in=readable.values("pk")) | Q(first_published_at__lte=horizon))
        .annotate(changed_at=changed_at(horizon))
        .filter(changed_at__lte=horizon)
        .filter(_after(position))
        .order_by("changed_at", "pk")
        .values_list("pk", "changed_at")[:limit]
    )


def changed_at(horizon):
    """When an article last changed as readers see it, as of `horizon`: its last save,
    or its going live, end of embargo or expiry, whichever came last."""

    def passed(field):
        return Case(When(**{f"{field}__lte": horizon}, then=F(field)), default=F("modified_at"))

    return Greatest(
        "modified_at", passed("published_at"), passed("embargo_until"), passed("expires_at")
    )


def _after(position):
    if position is None:
        return Q()
    at, pk = position
    return Q(changed_at__gt=at) | Q(changed_at=at, pk__gt=pk)


def encode_cursor(at, pk):
    raw = f"{at.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor):
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, pk = raw.split("|")
        moment = datetime.fromisoformat(at)
        if timezone.is_naive(moment):
            raise ValueError
        # In UTC, as the database compares it; a time near year 1 or 9999 may not convert.
        return moment.astimezone(UTC), int(pk)
    except (ValueError, UnicodeDecodeError, OverflowError):
        raise InvalidParameters(
            {"cursor": ["Not a cursor this feed gave out; start again without one."]}
        ) from None


def limit(raw):
    if raw in (None, ""):
        return 100
    if not raw.isdigit() or not 1 <= int(raw) <= 100:
        raise InvalidParameters({"limit": ["Must be a whole number from 1 to 100."]})
    return int(raw)
