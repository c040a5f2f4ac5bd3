"""What an editor needs first thing: the review queue, what goes out soon, and the pace."""

from datetime import datetime, time, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import Article

LIST_LENGTH = 10
CHART_DAYS = 30
CHART_WIDTH, CHART_HEIGHT = 600, 120


def dashboard(user):
    if not user.has_perm("articles.view_article"):
        return {}
    now = timezone.now()
    articles = Article.objects.select_related("section")
    week_ahead = now + timedelta(days=7)
    return {
        "awaiting_review": articles.filter(status=Article.Status.IN_REVIEW).order_by("modified_at")[
            :LIST_LENGTH
        ],
        "scheduled": going_live(articles, now, week_ahead),
        "recently_published": Article.objects.published()
        .select_related("section")
        .latest_first()[:LIST_LENGTH],
        "my_drafts": articles.filter(status=Article.Status.DRAFT, created_by=user).order_by(
            "-modified_at"
        )[:LIST_LENGTH],
        "chart": published_per_day(now),
    }


def going_live(articles, start, end):
    """Published articles going public between start and end: scheduled or leaving embargo.

    Two indexed queries rather than one with OR, which would read every published article.
    """
    published = articles.filter(status=Article.Status.PUBLISHED)
    candidates = {
        *published.filter(published_at__gt=start, published_at__lte=end).order_by("published_at")[
            :LIST_LENGTH
        ],
        *published.filter(embargo_until__gt=start, embargo_until__lte=end).order_by(
            "embargo_until"
        )[:LIST_LENGTH],
    }
    return sorted(candidates, key=lambda article: article.goes_live_at)[:LIST_LENGTH]


def published_per_day(now):
    """Bars for an inline SVG chart: articles published on each of the last CHART_DAYS days."""
    # Days as the newsroom counts them, in its own time zone (TIME_ZONE).
    first_day = (timezone.localtime(now) - timedelta(days=CHART_DAYS - 1)).date()
    start = timezone.make_aware(datetime.combine(first_day, time.min))
    counts = dict(
        Article.objects.published(at=now)
        .filter(published_at__gte=start)
        .annotate(day=TruncDate("published_at"))
        .values_list("day")
        .annotate(count=Count("pk"))
        .values_list("day", "count")
    )
    days = [first_day + timedelta(days=offset) for offset in range(CHART_DAYS)]
    highest = max(counts.values(), default=0)
    slot = CHART_WIDTH / CHART_DAYS
    bars = []
    for index, day in enumerate(days):
        count = counts.get(day, 0)
        height = round(count / highest * (CHART_HEIGHT - 20)) if highest else 0
        bars.append(
            {
                "day": day,
                "count": count,
                "x": round(index * slot + 1, 1),
                "y": CHART_HEIGHT - height,
                "width": round(slot - 2, 1),
                "height": height,
            }
        )
    return {
        "bars": bars,
        "total": sum(counts.values()),
        "highest": highest,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
    }
