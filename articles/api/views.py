from datetime import timedelta
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import IntegrityError
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import renderers, status, viewsets
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from taggit.models import Tag

from .. import publishing
from ..models import Article, ArticleRedirect, Author, Section
from . import conditional, feed, problems, serializers, writing
from .base import (
    EXPAND_PARAMETER,
    FIELDS_PARAMETER,
    IF_MATCH,
    LIST_HEADERS,
    RESPONSE_HEADERS,
    ApiViewMixin,
    article_response_schema,
)
from .filters import ArticleFilter, FilterBackend, Ordering
from .ninjs import NinjsArticleSerializer, NinjsRenderer
from .permissions import readable_articles
from .problems import InvalidParameters, PreconditionFailed, WorkflowConflict
from .renderers import BrowsableAPIRenderer

# No stored text holds it, and PostgreSQL refuses a query with it (a DataError, so a 503):
# a NUL in an address is answered before it reaches the database.
NUL = "\x00"


@extend_schema_view(
    list=extend_schema(
        summary="List articles",
        parameters=[FIELDS_PARAMETER, EXPAND_PARAMETER, *LIST_HEADERS],
        responses=article_response_schema(many=True),
    ),
    retrieve=extend_schema(
        summary="An article by id",
        parameters=[FIELDS_PARAMETER, EXPAND_PARAMETER, *RESPONSE_HEADERS],
        responses=article_response_schema(),
    ),
    create=extend_schema(
        summary="Create a draft",
        request=serializers.ArticleWriteSerializer,
        responses=article_response_schema(code=201),
    ),
    update=extend_schema(
        summary="Replace an article's content",
        request=serializers.ArticleWriteSerializer,
        parameters=[IF_MATCH],
        responses=article_response_schema(),
    ),
    partial_update=extend_schema(
        summary="Change some of an article's content",
        request=serializers.ArticleWriteSerializer,
        parameters=[IF_MATCH],
        responses=article_response_schema(),
    ),
    destroy=extend_schema(summary="Delete a draft that was never published", parameters=[IF_MATCH]),
)
class ArticleViewSet(ApiViewMixin, viewsets.ModelViewSet):
    """Articles: public ones for everyone; drafts and the workflow for tokens that may."""

    serializer_class = serializers.ArticleSerializer
    renderer_classes = [renderers.JSONRenderer, NinjsRenderer, BrowsableAPIRenderer]
    # Reads are open; writes need a token, and then the workflow decides.
    permission_classes = [IsAuthenticatedOrReadOnly]
    filter_backends = [FilterBackend, Ordering]
    filterset_class = ArticleFilter
    ordering_fields = [
        "published_at",
        "first_published_at",
        "updated_at",
        "modified_at",
        "headline",
        "id",
    ]
    ordering = ["-published_at", "-pk"]
    lookup_value_regex = r"\d+"
    expandable = ("section", "bylines")
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        articles = readable_articles(self.request).with_related()
        if self.request.query_params.get("ordering", "-published_at") not in (
            "-published_at",
            "published_at",
        ):
            # Joined to its four sections, SQLite reads the sections first and then sorts every
            # public article (bodies included) instead of walking the ordering's index
            # (0010_public_indexes) and stopping after a page: 11 s at a million articles.
            # Fetching the sections separately costs one small query and leaves no join.
            articles = articles.select_related(None).prefetch_related("section")
        return articles

    def get_serializer_class(self):
        if self.is_ninjs():
            return NinjsArticleSerializer
        return serializers.ArticleSerializer

    def is_ninjs(self):
        renderer = getattr(self.request, "accepted_renderer", None)
        return getattr(renderer, "format", None) == "ninjs"

    def shape(self):
        return {} if self.is_ninjs() else super().shape()

    def get_object(self):
        self.etag_article = super().get_object()
        return self.etag_article

    def respond_with(self, article, *, status_code=status.HTTP_200_OK, headers=None):
        """The article as stored now, as this caller sees it."""
        self.etag_article = Article.objects.with_related().get(pk=article.pk)
        data = self.get_serializer(self.etag_article).data
        return Response(data, status=status_code, headers=headers)

    # Reads by other keys -------------------------------------------------------------

    @extend_schema(
        summary="An article by its slug",
        parameters=[FIELDS_PARAMETER, EXPAND_PARAMETER, *RESPONSE_HEADERS],
        responses=article_response_schema(),
    )
    @action(detail=False, url_path=r"by-slug/(?P<slug>[^/]+)", filter_backends=[])
    def by_slug(self, request, slug):
        if NUL in slug:
            raise Http404
        self.etag_article = get_object_or_404(self.get_queryset(), slug=slug)
        return self.found(self.etag_article)

    @extend_schema(
        summary="An article by its public address (old addresses follow their redirect)",
        parameters=[
            OpenApiParameter(
                "url", str, required=True, description="The article's page, absolute or a path."
            ),
            FIELDS_PARAMETER,
            EXPAND_PARAMETER,
            *RESPONSE_HEADERS,
        ],
        responses=article_response_schema(),
    )
    @action(detail=False, url_path="by-url", filter_backends=[])
    def by_url(self, request):
        address = request.query_params.get("url", "").strip()
        if not address:
            raise InvalidParameters(
                {"url": ["Give the article's address, e.g. ?url=/world/slug/."]}
            )
        try:
            path = unquote(urlsplit(address).path or "/")
        except ValueError:  # e.g. an unclosed IPv6 address, "http://[::1"
            path = NUL
        if NUL in path:
            raise InvalidParameters({"url": ["This is not an address."]})
        self.etag_article = self.article_at(path)
        return self.found(self.etag_article)

    def article_at(self, path):
        articles = self.get_queryset()
        try:
            match = resolve(path)
        except Resolver404:
            match = None
        if match and match.view_name == "articles:article":
            found = articles.filter(
                slug=match.kwargs["slug"], section__slug=match.kwargs["section"]
            )
            if found:
                return found[0]
        moved = ArticleRedirect.objects.filter(old_path=path).values_list("article_id", flat=True)
        return get_object_or_404(articles, pk__in=list(moved))

    def found(self, article):
        location = reverse("api:article-detail", kwargs={"pk": article.pk})
        headers = {"Content-Location": location}
        return Response(self.get_serializer(article).data, headers=headers)

    @extend_schema(
        summary="An article by the id it has in the system it was imported from",
        parameters=[FIELDS_PARAMETER, EXPAND_PARAMETER, *RESPONSE_HEADERS],
        responses=article_response_schema(),
        methods=["GET"],
    )
    @extend_schema(
        summary="Create or replace an article by its external id (idempotent import)",
        request=serializers.ArticleWriteSerializer,
        parameters=[
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                description="Optional here: replace only if the article is at this version.",
            ),
            OpenApiParameter(
                "If-None-Match",
                str,
                OpenApiParameter.HEADER,
                description="`*`: create only; 412 if the article already exists.",
            ),
        ],
        responses={**article_response_schema(), **article_response_schema(code=201)},
        methods=["PUT"],
    )
    @action(
        detail=False,
        methods=["get", "put"],
        url_path=r"by-external-id/(?P<external_id>[^/]+)",
        filter_backends=[],
    )
    def by_external_id(self, request, external_id):
        if NUL in external_id:
            raise drf_serializers.ValidationError({"external_id": ["May not contain NUL."]})
        if request.method == "GET":
            self.etag_article = get_object_or_404(self.get_queryset(), external_id=external_id)
            return self.found(self.etag_article)
        return self.upsert(request, external_id)

    # The change feed ------------------------------------------------------------------

    @extend_schema(
        summary="Every change, in order, for syncing",
        parameters=[
            OpenApiParameter(
                "cursor", str, description="`next_cursor` from the previous call; none to start."
            ),
            OpenApiParameter("limit", int, description="Changes per call, 1–100 (default 100)."),
            FIELDS_PARAMETER,
            EXPAND_PARAMETER,
            *RESPONSE_HEADERS,
        ],
        responses=serializers.ChangeFeedSerializer,
    )
    @action(
        detail=False,
        url_path="changes",
        filter_backends=[],
        pagination_class=None,
        renderer_classes=[renderers.JSONRenderer, BrowsableAPIRenderer],
    )
    def changes(self, request):
        limit = feed.limit(request.query_params.get("limit"))
        after = feed.decode_cursor(request.query_params.get("cursor"))
        horizon = timezone.now() - timedelta(seconds=settings.NEWSROOM_API["FEED_SETTLE_SECONDS"])
        readable = readable_articles(request, at=horizon)
        rows = feed.changes_after(after, readable=readable, horizon=horizon, limit=limit + 1)
        has_more = len(rows) > limit
        rows = rows[:limit]
        visible = {
            article.pk: article
            for article in readable.filter(pk__in=[pk for pk, _ in rows]).with_related()
        }
        represented = dict(
            zip(
                visible,
                self.get_serializer(list(visible.values()), many=True).data,
                strict=True,
            )
        )
        results = [
            {
                "id": pk,
                "changed_at": drf_serializers.DateTimeField().to_representation(at),
                "visible": pk in visible,
                "article": represented.get(pk),
            }
            for pk, at in rows
        ]
        next_cursor = (
            feed.encode_cursor(*rows[-1][::-1]) if rows else request.query_params.get("cursor")
        )
        self.feed_last_modified = (
            rows[-1][1] if rows else after[0] if after else conditional.content_stamp(at=horizon)
        ) or horizon
        headers = {}
        if has_more:
            next_url = request.build_absolute_uri(
                f"{request.path}?cursor={next_cursor}&limit={limit}"
            )
            headers["Link"] = f'<{next_url}>; rel="next"'
        return Response(
            {"results": results, "next_cursor": next_cursor or "", "has_more": has_more},
            headers=headers,
        )

    def get_last_modified(self):
        if self.action == "changes":
            return self.feed_last_modified
        return super().get_last_modified()

    # Writes -----------------------------------------------------------------------------

    def create(self, request, *args, **kwargs):
        serializer = serializers.ArticleWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        article = Article()
        tags, bylines = writing.apply_edit(article, serializer.validated_data, replace=True)
        publishing.save_article(
            article, by=request.user, tags=tags, bylines=bylines, note="Created through the API."
        )
        location = reverse("api:article-detail", kwargs={"pk": article.pk})
        return self.respond_with(article, status_code=201, headers={"Location": location})

    def update(self, request, *args, partial=False, **kwargs):
        article = self.get_object()
        expected = conditional.expected_version(request, article, required=True)
        return self.save_edit(request, article, expected, partial=partial)

    def save_edit(self, request, article, expected, *, partial, status_code=200):
        serializer = serializers.ArticleWriteSerializer(article, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        tags, bylines = writing.apply_edit(article, serializer.validated_data, replace=not partial)
        # A conflict raises EditConflict (a 412); the workflow keeps the unapplied edit.
        publishing.save_article(
            article,
            by=request.user,
            expected_version=expected,
            tags=tags,
            bylines=bylines,
            note="Edited through the API.",
        )
        return self.respond_with(article, status_code=status_code)

    def upsert(self, request, external_id):
        data = request.data
        if not isinstance(data, dict):
            raise drf_serializers.ValidationError({"non_field_errors": ["Send a JSON object."]})
        if data.get("external_id", external_id) != external_id:
            raise drf_serializers.ValidationError(
                {"external_id": ["Leave it out, or make it the same as the one in the address."]}
            )
        request.data["external_id"] = external_id
        existing = Article.objects.filter(external_id=external_id).first()
        if existing is None:
            if request.headers.get("If-Match"):
                raise PreconditionFailed("There is no article with this external id.")
            try:
                return self.create(request)
            except IntegrityError:
                raise WorkflowConflict(
                    "Another request created this article at the same moment; send it again."
                ) from None
        if request.headers.get("If-None-Match", "").strip() == "*":
            raise PreconditionFailed("An article with this external id exists.")
        article = self.get_queryset().filter(pk=existing.pk).first()
        if article is None:
            raise PermissionDenied("An article with this external id exists; you may not edit it.")
        self.etag_article = article
        expected = conditional.expected_version(request, article, required=False)
        if writing.is_unchanged(article, request.data):
            return self.respond_with(article)
        return self.save_edit(request, article, expected, partial=False)

    def destroy(self, request, *args, **kwargs):
        article = self.get_object()
        conditional.expected_version(request, article, required=True)
        if not (
            request.user.has_perm("articles.delete_article")
            and publishing.can_edit(request.user, article)
        ):
            raise PermissionDenied("You may not delete this article.")
        if publishing.has_been_published(article):
            raise WorkflowConflict(
                "An article that has been published keeps its address: withdraw it "
                "(POST …/withdraw/) instead of deleting it."
            )
        article.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    # Workflow actions ----------------------------------------------------------------

    def act(self, request, serializer_class, run):
        article = self.get_object()
        conditional.expected_version(request, article, required=False)
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        run(article, request.user, serializer.validated_data)
        return self.respond_with(article)

    @extend_schema(
        summary="Submit a draft for review",
        request=serializers.CommentSerializer,
        responses=article_response_schema(),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request, pk=None):
        return self.act(
            request,
            serializers.CommentSerializer,
            lambda article, user, data: publishing.submit_for_review(
                article, by=user, comment=data.get("comment", "")
            ),
        )

    @extend_schema(
        summary="Publish now, or schedule",
        request=serializers.PublishSerializer,
        responses=article_response_schema(),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def publish(self, request, pk=None):
        return self.act(
            request,
            serializers.PublishSerializer,
            lambda article, user, data: publishing.publish(
                article, by=user, at=data.get("at"), comment=data.get("comment", "")
            ),
        )

    @extend_schema(
        summary="Take off the public site",
        request=serializers.CommentSerializer,
        responses=article_response_schema(),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def withdraw(self, request, pk=None):
        return self.act(
            request,
            serializers.CommentSerializer,
            lambda article, user, data: publishing.withdraw(
                article, by=user, comment=data.get("comment", "")
            ),
        )

    @extend_schema(
        summary="Send back to draft",
        request=serializers.ReturnToDraftSerializer,
        responses=article_response_schema(),
    )
    @action(detail=True, methods=["post"], url_path="return-to-draft", filter_backends=[])
    def return_to_draft(self, request, pk=None):
        return self.act(
            request,
            serializers.ReturnToDraftSerializer,
            lambda article, user, data: publishing.return_to_draft(
                article, by=user, comment=data["comment"]
            ),
        )

    @extend_schema(
        summary="Set or lift the embargo",
        request=serializers.EmbargoSerializer,
        responses=article_response_schema(),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def embargo(self, request, pk=None):
        return self.act(
            request,
            serializers.EmbargoSerializer,
            lambda article, user, data: publishing.set_embargo(
                article, by=user, until=data["until"], comment=data.get("comment", "")
            ),
        )

    @extend_schema(
        summary="Set or clear the expiry time",
        request=serializers.ExpirySerializer,
        responses=article_response_schema(),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def expiry(self, request, pk=None):
        return self.act(
            request,
            serializers.ExpirySerializer,
            lambda article, user, data: publishing.set_expiry(
                article, by=user, at=data["at"], comment=data.get("comment", "")
            ),
        )

    @extend_schema(
        summary="Append a correction or update note to a published article",
        request=serializers.CorrectionSerializer,
        responses={201: serializers.CorrectionSerializer},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def corrections(self, request, pk=None):
        article = self.get_object()
        conditional.expected_version(request, article, required=False)
        serializer = serializers.CorrectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        correction = publishing.correct(article, by=request.user, **serializer.validated_data)
        self.etag_article = None
        return Response(
            serializers.CorrectionSerializer(correction).data, status=status.HTTP_201_CREATED
        )


@extend_schema_view(
    list=extend_schema(parameters=[FIELDS_PARAMETER, *LIST_HEADERS]),
    retrieve=extend_schema(parameters=[FIELDS_PARAMETER, *RESPONSE_HEADERS]),
)
class SectionViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """All sections, in display order."""

    serializer_class = serializers.SectionSerializer
    queryset = Section.objects.all()
    lookup_value_regex = r"\d+"


@extend_schema_view(
    list=extend_schema(parameters=[FIELDS_PARAMETER, *LIST_HEADERS]),
    retrieve=extend_schema(parameters=[FIELDS_PARAMETER, *RESPONSE_HEADERS]),
)
class TagViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Tags on at least one published article, with how many published articles carry each."""

    serializer_class = serializers.TagSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        on_public_article = Q(
            articles_taggedarticle_items__content_object__in=Article.objects.published()
        )
        return (
            Tag.objects.annotate(
                article_count=Count("articles_taggedarticle_items", filter=on_public_article)
            )
            .filter(article_count__gt=0)
            .order_by("name")
        )


@extend_schema_view(
    list=extend_schema(parameters=[FIELDS_PARAMETER, *LIST_HEADERS]),
    retrieve=extend_schema(parameters=[FIELDS_PARAMETER, *RESPONSE_HEADERS]),
)
class AuthorViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Authors with at least one published article."""

    serializer_class = serializers.AuthorSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Author.objects.filter(
            pk__in=Article.objects.published().values("bylines__author")
        ).order_by("name")


# The schema changes only with the code, so it last changed when this process started.
STARTED_AT = timezone.now()


class SchemaView(SpectacularAPIView):
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            return conditional.finalize(request, response, last_modified=STARTED_AT)
        return response


def not_found(request, *args, **kwargs):
    """Any other address under /api/v1/: a problem+json 404, like the API's own."""
    body = {
        "type": "urn:newsroom:problem:not-found",
        "title": "Not found",
        "status": 404,
        "detail": "There is no such endpoint; see /api/v1/ and /api/v1/docs/.",
        "instance": request.get_full_path(),
    }
    return JsonResponse(body, status=404, content_type=problems.MEDIA_TYPE)
