import re

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from taggit.models import Tag

from .. import publishing
from ..models import Article, Author, Correction, Section

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def absolute(request, path):
    return request.build_absolute_uri(path) if request else path


@extend_schema_field({"type": "string", "format": "uri"})
class PublicURLField(serializers.Field):
    """The absolute address of the object's public page."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return absolute(self.context.get("request"), value.get_absolute_url())


class TagURLField(PublicURLField):
    def to_representation(self, value):
        path = reverse("articles:tag", kwargs={"slug": value.slug})
        return absolute(self.context.get("request"), path)


class ShapedSerializer(serializers.ModelSerializer):
    """?fields= and ?expand= (see README): the view validates them, the serializer obeys.

    Only the top-level object (each item of a list) is shaped; the objects it embeds keep
    their own fields. `expandable` maps a field to the full serializer that replaces its
    summary when the field is named in ?expand=.
    """

    expandable = {}

    def get_fields(self):
        fields = super().get_fields()
        # Output only, and any field may be left out by ?fields=: the schema must require none.
        for field in fields.values():
            field.read_only, field.required = True, False
        if not self._is_top_level():
            return fields
        for name in self.context.get("expand", ()):
            if name in self.expandable and name in fields:
                summary = fields[name]
                fields[name] = self.expandable[name](
                    source=summary.source if summary.source != name else None,
                    many=isinstance(summary, serializers.ListSerializer),
                    read_only=True,
                )
        wanted = self.context.get("fields")
        if wanted:
            fields = {name: field for name, field in fields.items() if name in wanted}
        return fields

    def _is_top_level(self):
        parent = self.parent
        return parent is None or (
            isinstance(parent, serializers.ListSerializer) and parent.parent is None
        )


class SectionSerializer(ShapedSerializer):
    url = PublicURLField()

    class Meta:
        model = Section
        fields = ("id", "slug", "name", "description", "position", "in_navigation", "url")


class SectionSummarySerializer(serializers.ModelSerializer):
    url = PublicURLField()

    class Meta:
        model = Section
        fields = ("id", "slug", "name", "url")


class AuthorSerializer(ShapedSerializer):
    url = PublicURLField()

    class Meta:
        model = Author
        fields = ("id", "slug", "name", "job_title", "bio", "url")


class AuthorSummarySerializer(serializers.ModelSerializer):
    url = PublicURLField()

    class Meta:
        model = Author
        fields = ("id", "slug", "name", "url")


class TagSerializer(ShapedSerializer):
    url = TagURLField()
    article_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Tag
        fields = ("id", "slug", "name", "url", "article_count")


class TagSummarySerializer(serializers.ModelSerializer):
    url = TagURLField()

    class Meta:
        model = Tag
        fields = ("id", "slug", "name", "url")


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ("id", "kind", "text", "created_at")
        read_only_fields = ("id", "created_at")


@extend_schema_field(SectionSerializer)
class SectionField(SectionSummarySerializer):
    """A section summary; the full section with ?expand=section."""


@extend_schema_field(AuthorSerializer(many=True))
class BylinesField(serializers.ListSerializer):
    """Author summaries in byline order; full authors with ?expand=bylines."""


class ArticleSerializer(ShapedSerializer):
    url = PublicURLField()
    section = SectionField(read_only=True)
    tags = TagSummarySerializer(source="sorted_tags", many=True, read_only=True)
    bylines = BylinesField(child=AuthorSummarySerializer(), source="byline_authors", read_only=True)
    lead_image = serializers.SerializerMethodField()
    reading_time = serializers.IntegerField(read_only=True, help_text="Minutes.")
    corrections = CorrectionSerializer(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField(
        help_text="The workflow actions this token may take on the article now "
        "(POST /articles/{id}/<action>/); empty for anonymous callers."
    )

    expandable = {"section": SectionSerializer, "bylines": AuthorSerializer}

    class Meta:
        model = Article
        fields = (
            "id",
            "slug",
            "url",
            "headline",
            "standfirst",
            "body",
            "section",
            "tags",
            "bylines",
            "language",
            "meta_description",
            "lead_image",
            "word_count",
            "reading_time",
            "status",
            "version",
            "external_id",
            "published_at",
            "first_published_at",
            "updated_at",
            "modified_at",
            "created_at",
            "embargo_until",
            "expires_at",
            "corrections",
            "allowed_actions",
        )

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "url": {"type": "string", "format": "uri"},
                "width": {"type": "integer", "nullable": True},
                "height": {"type": "integer", "nullable": True},
                "alt": {"type": "string"},
                "caption": {"type": "string"},
                "credit": {"type": "string"},
            },
        }
    )
    def get_lead_image(self, article):
        if not article.lead_image:
            return None
        return {
            "url": absolute(self.context.get("request"), article.lead_image.url),
            "width": article.lead_image_width,
            "height": article.lead_image_height,
            "alt": article.lead_image_alt,
            "caption": article.lead_image_caption,
            "credit": article.lead_image_credit,
        }

    def get_allowed_actions(self, article) -> list[str]:
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            return []
        actions = publishing.allowed_actions(request.user, article)
        if publishing.can_publish(request.user) and article.status == Article.Status.PUBLISHED:
            actions += ["embargo", "expiry"]
        return [ACTION_PATHS.get(action, action) for action in actions]


# Workflow names → the action endpoints' paths.
ACTION_PATHS = {"return_to_draft": "return-to-draft", "correct": "corrections"}

# Fields no edit may set: the workflow's own, changed through the action endpoints.
NOT_EDITABLE = {
    "status": "Change the status with an action: POST …/submit/, …/publish/, …/withdraw/, "
    "…/return-to-draft/.",
    "published_at": 'Publish or schedule with POST …/publish/ {"at": …}.',
    "embargo_until": "Set the embargo with POST …/embargo/.",
    "expires_at": "Set the expiry with POST …/expiry/.",
}


class ArticleWriteSerializer(serializers.ModelSerializer):
    """What a token may write with POST, PUT and PATCH; the workflow saves it."""

    section = serializers.SlugRelatedField(
        slug_field="slug", queryset=Section.objects.all(), help_text="The section's slug."
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        max_length=50,
        help_text="Tag names; they replace the article's tags. New names make new tags.",
    )
    bylines = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Author.objects.all(),
        many=True,
        required=False,
        help_text="Author slugs, in byline order; they replace the article's bylines.",
    )

    class Meta:
        model = Article
        fields = (
            "headline",
            "slug",
            "standfirst",
            "body",
            "section",
            "tags",
            "bylines",
            "language",
            "meta_description",
            "lead_image_alt",
            "lead_image_caption",
            "lead_image_credit",
            "external_id",
        )
        extra_kwargs = {
            "body": {
                "help_text": "HTML; sanitized on save like every body (scripts, styles, "
                "event handlers and unsafe links are removed)."
            },
        }

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = {name: data for name in data if name not in self.fields}
            if unknown:
                raise serializers.ValidationError(
                    {
                        name: NOT_EDITABLE.get(
                            name, f"Unknown field; writable fields are: {', '.join(self.fields)}."
                        )
                        for name in unknown
                    }
                )
        return super().to_internal_value(data)

    def validate_language(self, value):
        if not LANGUAGE_TAG.match(value):
            raise serializers.ValidationError("Use a BCP 47 language tag, e.g. “en” or “pt-BR”.")
        return value

    def validate_external_id(self, value):
        return value or None

    def validate_tags(self, names):
        return list(dict.fromkeys(name.strip() for name in names if name.strip()))


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Kept in the article's history.",
    )


class PublishSerializer(CommentSerializer):
    at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text="Schedule for this time; now when left out.",
    )


class ReturnToDraftSerializer(serializers.Serializer):
    comment = serializers.CharField(
        max_length=2000, help_text="Why the article goes back to draft; the writer sees it."
    )


class EmbargoSerializer(CommentSerializer):
    until = serializers.DateTimeField(
        allow_null=True, help_text="Hidden from the public until then; null lifts the embargo."
    )


class ExpirySerializer(CommentSerializer):
    at = serializers.DateTimeField(
        allow_null=True, help_text="Off the public site from then on; null keeps it up."
    )


class ChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    changed_at = serializers.DateTimeField()
    visible = serializers.BooleanField(
        help_text="False: the article is no longer (or not yet) visible to you; drop your copy."
    )
    article = ArticleSerializer(
        allow_null=True, help_text="The article now; null when not visible."
    )


class ChangeFeedSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    next_cursor = serializers.CharField(help_text="Send as ?cursor= next time.")
    has_more = serializers.BooleanField(help_text="True: call again at once with next_cursor.")
