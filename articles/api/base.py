"""What every API view shares: JSON bodies with a size limit, ?format= before Accept,
?fields=/?expand=, validators and conditional GET, problem+json errors."""

import io

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter
from rest_framework import renderers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from . import conditional, serializers
from .ninjs import NinjsArticleSerializer
from .problems import InvalidParameters, PayloadTooLarge

PROBLEM_RENDERERS = (renderers.JSONRenderer,)


class LimitedJSONParser(JSONParser):
    """JSON bodies up to DATA_UPLOAD_MAX_MEMORY_SIZE, counted as read (Content-Length may lie
    or be missing)."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        data = stream.read(limit + 1 if limit is not None else -1)
        if limit is not None and len(data) > limit:
            raise PayloadTooLarge(too_large_message())
        return super().parse(io.BytesIO(data), media_type, parser_context)


def too_large_message():
    return (
        f"The request body may be at most {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes "
        "(DATA_UPLOAD_MAX_MEMORY_SIZE)."
    )


FIELDS_PARAMETER = OpenApiParameter(
    "fields",
    str,
    description="Comma-separated top-level fields to return, e.g. `id,headline,url`; "
    "the default is every field.",
)
EXPAND_PARAMETER = OpenApiParameter(
    "expand",
    str,
    description="Comma-separated related objects to embed in full instead of as summaries: "
    "`section`, `bylines`.",
)
RESPONSE_HEADERS = [
    OpenApiParameter("ETag", str, OpenApiParameter.HEADER, response=True),
    OpenApiParameter("Last-Modified", str, OpenApiParameter.HEADER, response=True),
]
LIST_HEADERS = [
    *RESPONSE_HEADERS,
    OpenApiParameter("X-Total-Count", int, OpenApiParameter.HEADER, response=True),
    OpenApiParameter("Link", str, OpenApiParameter.HEADER, response=True),
]
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description="The ETag of the version you edited; required for PUT, PATCH and DELETE.",
)


class FormatFirstNegotiation(DefaultContentNegotiation):
    """?format= names the representation outright, whatever Accept says (a browser's or
    a client library's default Accept must not turn ?format=ninjs into a 406)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if wanted:
            matching = self.filter_renderers(renderers, wanted)
            return matching[0], matching[0].media_type
        return super().select_renderer(request, renderers, format_suffix)


class ApiViewMixin:
    """What every endpoint shares: JSON bodies with a size limit, ?fields=/?expand=,
    validators and conditional GET, problem+json errors."""

    parser_classes = [LimitedJSONParser]
    content_negotiation_class = FormatFirstNegotiation
    expandable = ()
    etag_article = None

    def initial(self, request, *args, **kwargs):
        length = request.META.get("CONTENT_LENGTH") or "0"
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length.isdigit() and int(length) > limit:
            raise PayloadTooLarge(too_large_message())
        super().initial(request, *args, **kwargs)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context.update(self.shape())
        return context

    def shape(self):
        params = self.request.query_params
        fields = _names(params.get("fields"))
        expand = _names(params.get("expand"))
        serializer_class = self.get_serializer_class()
        known = getattr(getattr(serializer_class, "Meta", None), "fields", ())
        errors = {}
        if fields and known and not fields <= set(known):
            unknown = ", ".join(sorted(fields - set(known)))
            errors["fields"] = [f"Unknown field(s) {unknown}; choose from: {', '.join(known)}."]
        if expand and not expand <= set(self.expandable):
            choices = ", ".join(self.expandable) or "nothing here"
            errors["expand"] = [f"Only these can be expanded: {choices}."]
        if errors:
            raise InvalidParameters(errors)
        return {"fields": fields, "expand": expand}

    def get_last_modified(self):
        if self.etag_article is not None:
            return self.etag_article.modified_at
        return conditional.content_stamp()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if not isinstance(response, Response):
            return response
        if response.exception or response.status_code >= 400:
            if not isinstance(response.accepted_renderer, PROBLEM_RENDERERS):
                response.accepted_renderer = renderers.JSONRenderer()
                response.accepted_media_type = "application/json"
            return response
        if response.status_code in (200, 201):
            article = self.etag_article
            prefix = conditional.article_etag_prefix(article) if article else ""
            return conditional.finalize(
                request, response, prefix=prefix, last_modified=self.get_last_modified()
            )
        return response


def _names(raw):
    return {name.strip() for name in (raw or "").split(",") if name.strip()}


def article_response_schema(many=False, code=200):
    return {
        (code, "application/json"): serializers.ArticleSerializer(many=many),
        (code, "application/ninjs+json"): NinjsArticleSerializer(many=many),
    }
