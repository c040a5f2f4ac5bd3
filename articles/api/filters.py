from datetime import UTC

import django_filters
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.filters import OrderingFilter

from .. import search as full_text
from ..models import Article
from .problems import InvalidParameters


class UTCDateTimeField(IsoDateTimeField):
    """ISO 8601 with any offset, held in UTC: Python allows offsets up to ±24 h, databases
    (PostgreSQL: ±15:59) do not."""

    def to_python(self, value):
        parsed = super().to_python(value)
        if parsed is None or parsed.tzinfo is None:
            return parsed
        try:
            return parsed.astimezone(UTC)
        except OverflowError:
            raise ValidationError("This time is out of range.", code="overflow") from None


class DateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


def search(queryset, text):
    """Articles matching every word of `text`, best match first (unless ?ordering= says
    otherwise): the site's own full-text search, so the API has no engine of its own."""
    return full_text.search(text, queryset)


class SlugsFilter(django_filters.BaseInFilter, django_filters.CharFilter):
    pass


class ArticleFilter(django_filters.FilterSet):
    section = django_filters.CharFilter(
        field_name="section__slug", help_text="A section's slug, e.g. `world`."
    )
    tag = SlugsFilter(
        method="filter_tags",
        help_text="Tag slugs, comma-separated or repeated (`tag=nato&tag=ukraine`); see "
        "`tag_match`.",
    )
    tag_match = django_filters.ChoiceFilter(
        choices=[("any", "any"), ("all", "all")],
        method="filter_noop",
        empty_label=None,
        help_text="`any` (default): articles with at least one of the tags; `all`: with every one.",
    )
    author = django_filters.CharFilter(
        field_name="bylines__author__slug", distinct=True, help_text="An author's slug."
    )
    published_after = DateTimeFilter(
        field_name="published_at", lookup_expr="gte", help_text="Published at or after (ISO 8601)."
    )
    published_before = DateTimeFilter(
        field_name="published_at", lookup_expr="lt", help_text="Published before (ISO 8601)."
    )
    updated_after = DateTimeFilter(
        field_name="modified_at",
        lookup_expr="gte",
        help_text="Changed in any way at or after (ISO 8601). To sync everything without "
        "gaps, prefer the change feed (`/articles/changes/`).",
    )
    q = django_filters.CharFilter(
        method="filter_search", max_length=200, help_text="Words that must all appear."
    )
    language = django_filters.CharFilter(
        field_name="language", lookup_expr="iexact", help_text="A BCP 47 code, e.g. `en`."
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Article.Status.choices,
        help_text="Only useful to tokens that may see unpublished articles.",
    )

    class Meta:
        model = Article
        fields = ()

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_tags(self, queryset, name, slugs):
        slugs = [slug for slug in dict.fromkeys(slugs) if slug]
        if not slugs:
            return queryset
        if self.form.cleaned_data.get("tag_match") == "all":
            for slug in slugs:
                queryset = queryset.filter(
                    pk__in=Article.objects.filter(tags__slug=slug).values("pk")
                )
            return queryset
        return queryset.filter(pk__in=Article.objects.filter(tags__slug__in=slugs).values("pk"))

    def filter_search(self, queryset, name, value):
        return search(queryset, value)


class FilterBackend(DjangoFilterBackend):
    """django-filter, with its errors reported as query-parameter problems."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise InvalidParameters(filterset.errors)
        return filterset.qs

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        # Repeated parameters (tag=a&tag=b) count like comma-separated ones (tag=a,b).
        data = kwargs["data"].copy()
        if len(data.getlist("tag")) > 1:
            data.setlist("tag", [",".join(data.getlist("tag"))])
        kwargs["data"] = data
        return kwargs


class Ordering(OrderingFilter):
    """?ordering=-published_at (default), with the id as tiebreak so pages never overlap."""

    ordering_description = (
        "Sort by one of: published_at, first_published_at, updated_at, modified_at, "
        "headline, id; prefix with - for descending. Default: -published_at."
    )

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering and not any(field.lstrip("-") in ("id", "pk") for field in ordering):
            ordering = [*ordering, "-pk" if ordering[0].startswith("-") else "pk"]
        return ordering

    def remove_invalid_fields(self, queryset, fields, view, request):
        valid = super().remove_invalid_fields(queryset, fields, view, request)
        if len(valid) != len([field for field in fields if field.strip()]):
            allowed = ", ".join(name for name, _ in self.get_valid_fields(queryset, view))
            raise InvalidParameters({"ordering": [f"Sort by one of: {allowed} (- to reverse)."]})
        return valid
