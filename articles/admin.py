from django import forms
from django.conf import settings
from django.contrib import admin
from django.db.models import Count
from django.http import JsonResponse
from django.urls import path, reverse
from taggit.models import Tag

from . import publishing
from .models import Article, Author, Byline, Section

TAG_SUGGESTIONS_LIMIT = 20


class TagAutocompleteWidget(forms.SelectMultiple):
    """The admin's own select2, suggesting existing tags as you type and accepting new ones."""

    def __init__(self, suggestions_url, attrs=None):
        super().__init__(attrs={"class": "admin-tag-autocomplete", **(attrs or {})})
        self.suggestions_url = suggestions_url

    def get_context(self, name, value, attrs):
        # The only options are the article's current tags; the rest arrive by AJAX.
        self.choices = [(tag, tag) for tag in value or ()]
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-suggestions-url"] = self.suggestions_url
        return context

    def format_value(self, value):
        return [getattr(tag, "name", tag) for tag in value or ()]

    @property
    def media(self):
        extra = "" if settings.DEBUG else ".min"
        return forms.Media(
            js=(
                f"admin/js/vendor/jquery/jquery{extra}.js",
                f"admin/js/vendor/select2/select2.full{extra}.js",
                "admin/js/jquery.init.js",
                "articles/admin/tag-autocomplete.js",
            ),
            css={
                "screen": ("admin/css/vendor/select2/select2.min.css", "admin/css/autocomplete.css")
            },
        )


class TagNamesField(forms.MultipleChoiceField):
    """A list of tag names; names that are not tags yet become new tags."""

    def valid_value(self, value):
        return True

    def clean(self, value):
        names = super().clean(value)
        return list(dict.fromkeys(name.strip()[:100] for name in names if name.strip()))


class BylineInline(admin.TabularInline):
    model = Byline
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    extra = 1
    verbose_name = "byline"
    verbose_name_plural = "bylines (in order)"


class PopularTagFilter(admin.SimpleListFilter):
    """The most used tags; any other tag can be reached with ?tag=<slug>."""

    title = "tag"
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        popular = (
            Tag.objects.annotate(uses=Count("articles_taggedarticle_items"))
            .filter(uses__gt=0)
            .order_by("-uses", "name")[:25]
        )
        return [(tag.slug, tag.name) for tag in popular]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__slug=self.value())
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "section", "status", "published_at", "credited", "modified_at"]
    list_filter = ["status", "section", PopularTagFilter, "published_at", "language"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst", "slug", "external_id"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section"]
    inlines = [BylineInline]
    readonly_fields = [
        "first_published_at",
        "updated_at",
        "created_at",
        "modified_at",
        "word_count",
        "reading_time",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        ("Filing", {"fields": ["section", "tags", "language"]}),
        (
            "Publishing",
            {
                "fields": ["status", "published_at", "first_published_at", "updated_at"],
                "description": "An article is public only when it is Published and its publication time has passed.",
            },
        ),
        (
            "Lead image",
            {
                "fields": [
                    "lead_image",
                    "lead_image_alt",
                    "lead_image_caption",
                    "lead_image_credit",
                ],
                "classes": ["collapse"],
            },
        ),
        ("Search engines and sharing", {"fields": ["meta_description"], "classes": ["collapse"]}),
        (
            "Record",
            {
                "fields": [
                    "external_id",
                    "word_count",
                    "reading_time",
                    "created_at",
                    "modified_at",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__author")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            url = reverse(f"{self.admin_site.name}:articles_article_tag_suggestions")
            return TagNamesField(
                required=False,
                widget=TagAutocompleteWidget(url),
                help_text="Type to find a tag; press Enter or a comma to add a new one.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        suggestions = path(
            "tag-suggestions/",
            self.admin_site.admin_view(self.tag_suggestions),
            name="articles_article_tag_suggestions",
        )
        return [suggestions, *super().get_urls()]

    def tag_suggestions(self, request):
        """select2's JSON: existing tags whose names contain the typed text."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return JsonResponse({"results": []}, status=403)
        term = request.GET.get("term", "").strip()
        names = (
            Tag.objects.filter(name__icontains=term).order_by("name").values_list("name", flat=True)
        )
        results = [{"id": name, "text": name} for name in names[:TAG_SUGGESTIONS_LIMIT]]
        return JsonResponse({"results": results, "pagination": {"more": False}})

    def save_model(self, request, obj, form, change):
        becomes_published = obj.status == Article.Status.PUBLISHED and "status" in form.changed_data
        super().save_model(request, obj, form, change)
        if becomes_published:
            publishing.publish(obj, at=obj.published_at)

    @admin.display(description="bylines")
    def credited(self, article):
        return ", ".join(author.name for author in article.byline_authors)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "in_navigation"]
    list_editable = ["position", "in_navigation"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user"]
    search_fields = ["name", "job_title"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    list_select_related = ["user"]


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Count("articles_taggedarticle_items"))
        )

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, tag):
        return tag.article_count
