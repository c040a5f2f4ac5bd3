"""Drafts shown exactly as their public page will look: to staff, and through share links."""

from django.http import Http404
from django.utils.cache import add_never_cache_headers

from .models import PreviewLink
from .views import ArticleView


def render_preview(request, article):
    """The article page for an article whatever its state, never cached, never indexed."""
    view = ArticleView()
    view.setup(request)
    view.object = article
    response = view.render_to_response(view.get_context_data(object=article, preview=True))
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def shared_preview(request, token):
    link = PreviewLink.from_token(token)
    if link is None:
        raise Http404("This preview link has expired or was revoked.")
    return render_preview(request, link.article)
