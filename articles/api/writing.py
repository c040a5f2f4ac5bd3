"""Turning validated API input into an edit for the workflow (publishing.save_article)."""

from django.conf import settings

from .. import revisions
from ..models import Article
from ..sanitize import sanitize_html
from . import serializers

# Defaults a full replacement (PUT) gives the fields it leaves out. The slug and the
# external id are the article's addresses and stay unless given.
REPLACED_DEFAULTS = {
    "standfirst": "",
    "body": "",
    "meta_description": "",
    "lead_image_alt": "",
    "lead_image_caption": "",
    "lead_image_credit": "",
}


def apply_edit(article, data, *, replace):
    """Put validated content on the (unsaved) article; returns (tags, bylines) for the
    workflow, None where they are not to change."""
    data = dict(data)
    if replace:
        data = {**REPLACED_DEFAULTS, "language": settings.LANGUAGE_CODE, **data}
        data.setdefault("tags", [])
        data.setdefault("bylines", [])
    tags, bylines = data.pop("tags", None), data.pop("bylines", None)
    for field, value in data.items():
        setattr(article, field, value)
    return tags, bylines


def is_unchanged(article, data):
    """True when a PUT would store exactly what the article already has (a re-sent import)."""

    serializer = serializers.ArticleWriteSerializer(article, data=data)
    if not serializer.is_valid():
        return False
    candidate = Article.objects.get(pk=article.pk)
    tags, bylines = apply_edit(candidate, serializer.validated_data, replace=True)
    candidate.body = sanitize_html(candidate.body)
    current = revisions.snapshot(article)
    wanted = {field: getattr(candidate, field) for field in revisions.CONTENT_FIELDS}
    wanted["section"] = candidate.section.slug
    wanted["tags"] = sorted(tags)
    wanted["bylines"] = [author.slug for author in bylines]
    return wanted == {key: current[key] for key in wanted} and (
        candidate.external_id == article.external_id
    )
