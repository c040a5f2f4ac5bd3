"""The article history in the admin: revisions, the audit log, diffs and restoring."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from .. import publishing, revisions
from ..models import Revision


class ArticleHistoryMixin:
    """Replaces the admin's “History” page for articles and adds compare and restore."""

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_article_or_404(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": f"History of “{article}”",
            "opts": self.opts,
            "object": article,
            "revisions": Revision.objects.for_article(article).select_related("created_by"),
            "events": article.events.select_related("actor"),
            "can_restore": publishing.can_edit(request.user, article),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/articles/article/history.html", context)

    def compare_view(self, request, object_id):
        article = self.get_article_or_404(request, object_id)
        history = Revision.objects.for_article(article)
        try:
            newer = (
                history.get(number=int(request.GET["b"])) if "b" in request.GET else history.first()
            )
            older = (
                history.get(number=int(request.GET["a"]))
                if "a" in request.GET
                else history.filter(number__lt=newer.number).first()
            )
        except (Revision.DoesNotExist, ValueError):
            raise Http404("No such revision.") from None
        if newer is None or older is None:
            messages.info(request, "There is only one revision so far; nothing to compare.")
            return redirect("admin:articles_article_history", article.pk)
        if older.number > newer.number:
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "title": f"Revision {older.number} → {newer.number} of “{article}”",
            "opts": self.opts,
            "object": article,
            "older": older,
            "newer": newer,
            "changes": revisions.diff(older.content, newer.content),
            "can_restore": publishing.can_edit(request.user, article),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def restore_view(self, request, object_id, number):
        article = self.get_article_or_404(request, object_id)
        revision = get_object_or_404(Revision, article=article, number=number)
        if not publishing.can_edit(request.user, article):
            raise PermissionDenied
        if request.method == "POST":
            tags, bylines = revisions.apply(revision, article)
            publishing.save_article(
                article,
                by=request.user,
                tags=tags,
                bylines=bylines,
                note=f"Restored revision {revision.number}",
            )
            messages.success(request, f"Revision {revision.number} was restored as a new revision.")
            return redirect("admin:articles_article_change", article.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Restore revision {revision.number} of “{article}”?",
            "opts": self.opts,
            "object": article,
            "revision": revision,
            "changes": revisions.diff(revisions.snapshot(article), revision.content),
        }
        return TemplateResponse(request, "admin/articles/article/restore.html", context)

    def get_article_or_404(self, request, object_id):
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article
