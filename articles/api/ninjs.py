"""
Articles as IPTC ninjs 3.1 (News in JSON), for ?format=ninjs.

ninjs wants URIs, not IRIs, so every address is percent-encoded (iri_to_uri): slugs
keep every script on the site (/world/україна/), which a URI may not contain.
"""

import mimetypes

from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import renderers, serializers

from ..models import Article

NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json"
Status = Article.Status


class NinjsRenderer(renderers.JSONRenderer):
    media_type = "application/ninjs+json"
    format = "ninjs"


def _uri(request, path):
    return iri_to_uri(request.build_absolute_uri(path) if request else path)


def _datetime(value):
    return serializers.DateTimeField().to_representation(value) if value else None


def pub_status(article, now=None):
    """usable: public, or published and only waiting for its embargo to end; canceled:
    withdrawn or expired; withheld: not (yet) released."""
    now = now or timezone.now()
    if article.status == Status.WITHDRAWN or (
        article.status == Status.PUBLISHED and article.expires_at and article.expires_at <= now
    ):
        return "canceled"
    if article.status == Status.PUBLISHED and (
        article.is_published(at=now) or (article.embargo_until and article.embargo_until > now)
    ):
        return "usable"
    return "withheld"


class NinjsArticleSerializer(serializers.BaseSerializer):
    def to_representation(self, article):
        request = self.context.get("request")
        item = {
            "standard": {"name": "ninjs", "version": "3.1", "schema": NINJS_SCHEMA},
            "uri": _uri(request, reverse("api:article-detail", kwargs={"pk": article.pk})),
            "type": "text",
            "representationType": "full",
            "version": str(article.version),
            "firstCreated": _datetime(article.created_at),
            "versionCreated": _datetime(article.modified_at),
            "pubStatus": pub_status(article),
            "embargoedUntil": _datetime(article.embargo_until),
            "expires": _datetime(article.expires_at),
            "language": article.language,
            "slugline": article.slug,
            "headlines": [{"role": "main", "contentType": "text/plain", "value": article.headline}],
            "descriptions": self.descriptions(article),
            "bodies": [
                {
                    "role": "main",
                    "contentType": "text/html",
                    "wordCount": article.word_count,
                    "value": article.body,
                }
            ],
            "by": self.by(article),
            "people": [
                {
                    "name": author.name,
                    "rel": "author",
                    "literal": author.slug,
                    "uri": _uri(request, author.get_absolute_url()),
                }
                for author in article.byline_authors
            ],
            "subjects": self.subjects(article, request),
            "renditions": self.renditions(article, request),
            "altIds": [{"role": "newsroom-id", "value": str(article.pk)}]
            + (
                [{"role": "external-id", "value": article.external_id}]
                if article.external_id
                else []
            ),
        }
        return {key: value for key, value in item.items() if value not in (None, "", [])}

    def descriptions(self, article):
        descriptions = []
        if article.standfirst:
            descriptions.append(
                {"role": "summary", "contentType": "text/plain", "value": article.standfirst}
            )
        if article.meta_description:
            descriptions.append(
                {"role": "seo", "contentType": "text/plain", "value": article.meta_description}
            )
        if article.lead_image and article.lead_image_caption:
            descriptions.append(
                {
                    "role": "caption",
                    "contentType": "text/plain",
                    "value": article.lead_image_caption,
                }
            )
        return descriptions

    def by(self, article):
        names = [author.name for author in article.byline_authors]
        if len(names) > 1:
            return f"{', '.join(names[:-1])} and {names[-1]}"
        return names[0] if names else None

    def subjects(self, article, request):
        section = article.section
        subjects = [
            {
                "name": section.name,
                "rel": "section",
                "literal": section.slug,
                "uri": _uri(request, section.get_absolute_url()),
            }
        ]
        subjects += [
            {
                "name": tag.name,
                "rel": "tag",
                "literal": tag.slug,
                "uri": _uri(request, reverse("articles:tag", kwargs={"slug": tag.slug})),
            }
            for tag in article.sorted_tags
        ]
        return subjects

    def renditions(self, article, request):
        renditions = []
        if article.is_published():
            renditions.append(
                {
                    "name": "web",
                    "title": "The article on the site",
                    "contentType": "text/html",
                    "href": _uri(request, article.get_absolute_url()),
                }
            )
        if article.lead_image:
            image = {
                "name": "lead-image",
                "title": article.lead_image_alt or article.headline,
                "href": _uri(request, article.lead_image.url),
                "contentType": mimetypes.guess_type(article.lead_image.name)[0],
                "width": article.lead_image_width,
                "height": article.lead_image_height,
            }
            renditions.append({key: value for key, value in image.items() if value is not None})
        return renditions


class NinjsSchema(OpenApiSerializerExtension):
    """The outline of a ninjs item for OpenAPI; the full rules are IPTC's own JSON Schema."""

    target_class = NinjsArticleSerializer

    def map_serializer(self, auto_schema, direction):
        text = {"type": "string"}
        dated = {"type": "string", "format": "date-time"}
        texts = {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["value"],
                "properties": {"role": text, "contentType": text, "value": text},
            },
        }
        return {
            "type": "object",
            "description": f"An IPTC ninjs 3.1 news item; see {NINJS_SCHEMA}.",
            "required": ["uri"],
            "properties": {
                "uri": {"type": "string", "format": "uri"},
                "type": {"type": "string", "enum": ["text"]},
                "version": text,
                "firstCreated": dated,
                "versionCreated": dated,
                "pubStatus": {"type": "string", "enum": ["usable", "withheld", "canceled"]},
                "embargoedUntil": dated,
                "language": text,
                "headlines": texts,
                "descriptions": texts,
                "bodies": texts,
                "by": text,
                "people": {"type": "array", "items": {"type": "object"}},
                "subjects": {"type": "array", "items": {"type": "object"}},
                "renditions": {"type": "array", "items": {"type": "object"}},
            },
        }
