"""
Who may read what through the API, in one place.

- Anyone: published articles (Article.objects.published(), the site's own rule).
- A token with embargo access (partners): also published articles still under embargo.
  Never drafts, articles in review or withdrawn ones.
- A writer's token: also the articles that writer created, whatever their state.
- An editor's token: every article.

Everything else is a 404, exactly like an article that does not exist. What a caller may
*change* is the workflow's decision (publishing.can_edit / can_publish), not this module's.
"""

import operator
from functools import reduce

from django.db.models import Q
from django.utils import timezone

from .. import publishing
from ..models import Article


def readable_articles(request, *, at=None):
    at = at or timezone.now()
    user = request.user
    articles = Article.objects.all()
    if user.is_authenticated and publishing.can_publish(user):
        return articles
    grants = []
    if has_embargo_access(request):
        grants.append(under_embargo(at))
    if user.is_authenticated and user.has_perm("articles.change_article"):
        grants.append(Q(created_by=user))
    if not grants:
        return articles.published(at=at)
    # The public rule stays ArticleQuerySet.published(); grants only add to it.
    public = Q(pk__in=Article.objects.published(at=at).values("pk"))
    return articles.filter(reduce(operator.or_, grants, public))


def has_embargo_access(request):
    token = request.auth
    return bool(getattr(token, "embargo_access", False))


def under_embargo(at):
    """Published, not yet out of embargo, not expired: what embargo access adds."""
    return (
        Q(status=Article.Status.PUBLISHED, embargo_until__gt=at)
        & Q(published_at__isnull=False)
        & (Q(expires_at__isnull=True) | Q(expires_at__gt=at))
    )
