from urllib.parse import urlencode

from django import template
from django.utils.timezone import localtime

from .. import images, metadata

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address without tracking or stray parameters: only the page number
    (and the query on search results) tell one page of a list from another."""
    request = context["request"]
    params = {}
    if context.get("query"):
        params["q"] = context["query"]
    page = context.get("page_obj")
    if page is not None and page.number > 1:
        params["page"] = page.number
    path = request.path + (f"?{urlencode(params)}" if params else "")
    return request.build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, article):
    return metadata.json_ld(metadata.news_article(article, context["request"].build_absolute_uri))


@register.simple_tag(takes_context=True)
def website_json_ld(context):
    request = context["request"]
    return metadata.json_ld(
        {"@context": "https://schema.org", **metadata.publisher(request.build_absolute_uri)}
    )


@register.simple_tag
def link_preview(article):
    return images.link_preview(article)


@register.inclusion_tag("articles/includes/picture.html")
def lead_picture(article, sizes, eager=False):
    return {
        "article": article,
        "picture": images.picture(article),
        "sizes": sizes,
        "eager": eager,
    }


@register.filter
def machine_time(value):
    """A datetime for <time datetime> and metadata: local time, whole seconds, with offset
    (HTML allows at most three digits of a second; readers never need any)."""
    if not value:
        return ""
    return localtime(value).replace(microsecond=0).isoformat()
