from django.db.models import Count, Q
from rest_framework import viewsets
from taggit.models import Tag

from ..models import Article, Author, Section
from . import serializers


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Published articles, newest first."""

    serializer_class = serializers.ArticleSerializer

    def get_queryset(self):
        return Article.objects.published().with_related().latest_first()


class SectionViewSet(viewsets.ReadOnlyModelViewSet):
    """All sections, in display order."""

    serializer_class = serializers.SectionSerializer
    queryset = Section.objects.all()


class TagViewSet(viewsets.ReadOnlyModelViewSet):
    """Tags on at least one published article, with how many published articles carry each."""

    serializer_class = serializers.TagSerializer

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


class AuthorViewSet(viewsets.ReadOnlyModelViewSet):
    """Authors with at least one published article."""

    serializer_class = serializers.AuthorSerializer

    def get_queryset(self):
        return Author.objects.filter(
            pk__in=Article.objects.published().values("bylines__author")
        ).order_by("name")
