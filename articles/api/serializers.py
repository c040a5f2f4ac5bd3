from django.urls import reverse
from rest_framework import serializers
from taggit.models import Tag

from ..models import Article, Author, Section


def absolute(request, path):
    return request.build_absolute_uri(path) if request else path


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


class SectionSerializer(serializers.ModelSerializer):
    url = PublicURLField()

    class Meta:
        model = Section
        fields = ("id", "slug", "name", "description", "position", "in_navigation", "url")


class SectionSummarySerializer(serializers.ModelSerializer):
    url = PublicURLField()

    class Meta:
        model = Section
        fields = ("id", "slug", "name", "url")


class AuthorSerializer(serializers.ModelSerializer):
    url = PublicURLField()

    class Meta:
        model = Author
        fields = ("id", "slug", "name", "job_title", "bio", "url")


class AuthorSummarySerializer(serializers.ModelSerializer):
    url = PublicURLField()

    class Meta:
        model = Author
        fields = ("id", "slug", "name", "url")


class TagSerializer(serializers.ModelSerializer):
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


class ArticleSerializer(serializers.ModelSerializer):
    url = PublicURLField()
    section = SectionSummarySerializer(read_only=True)
    tags = TagSummarySerializer(many=True, read_only=True)
    bylines = AuthorSummarySerializer(source="byline_authors", many=True, read_only=True)
    lead_image = serializers.SerializerMethodField()
    reading_time = serializers.IntegerField(read_only=True, help_text="Minutes.")

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
            "published_at",
            "first_published_at",
            "updated_at",
            "modified_at",
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
