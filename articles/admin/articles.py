from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget
from taggit.models import Tag

from .. import publishing, search
from ..models import (
    Article,
    Author,
    Byline,
    Correction,
    PreviewLink,
    SearchEntry,
    Section,
    TaggedArticle,
)
from ..paginators import KeysFirstPaginator
from ..previews import render_preview
from ..sanitize import strip_control_characters
from .history import ArticleHistoryMixin
from .uploads import ArticleUploadMixin
from .widgets import TagAutocompleteWidget, TagNamesField

TAG_SUGGESTIONS_LIMIT = 20
# The tag filter ranks tags by their uses among this many of the newest taggings: counting
# every tagging (millions) takes a second, and what editors tag now is what they look for.
POPULAR_TAGS_SAMPLE = 20_000
SEARCH_COUNT_LIMIT = 500
# A tag on more articles than this is filtered by probing each listed article instead.
COMMON_TAG_USES = 5_000
# What the body editor offers. Whatever arrives, Article.save() still passes the body
# through articles.sanitize, the one allow-list.
BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "HardBreak": True,
    "HorizontalRule": True,
    "History": True,
}


class BylineInline(admin.TabularInline):
    model = Byline
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    extra = 1
    verbose_name = "byline"
    verbose_name_plural = "bylines (in order)"


class PreviewLinkInline(admin.TabularInline):
    model = PreviewLink
    fields = ["share_url", "expires_at", "revoked", "created_by", "created_at"]
    readonly_fields = ["share_url", "created_by", "created_at"]
    extra = 0
    verbose_name = "share link"
    verbose_name_plural = "share links (show the article to people without an account)"
    classes = ["collapse"]

    @admin.display(description="address")
    def share_url(self, link):
        if not link.pk:
            return "Made when you save."
        url = self.request.build_absolute_uri(link.get_absolute_url())
        state = "" if link.is_active else " (no longer works)"
        return f"{url}{state}"

    def get_formset(self, request, obj=None, **kwargs):
        self.request = request
        return super().get_formset(request, obj, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead, so the history of who shared what stays


class DateSafeChangeList(ChangeList):
    """Django's change list, with a date hierarchy link past 9999-12 refused like any
    other bad filter (Django's own computes the month after it and overflows: a 500)."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error

    def get_queryset(self, request, exclude_parameters=None):
        # The list never shows the body, the largest column by far.
        return super().get_queryset(request, exclude_parameters).defer("body")


class SearchResultsPaginator(KeysFirstPaginator):
    """Counts no further than SEARCH_COUNT_LIMIT, or the requested page; the list then
    says "more than". Each page counts far enough to be read in full."""

    def __init__(self, *args, page_number=1, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_limit = max(SEARCH_COUNT_LIMIT, page_number * self.per_page)

    @cached_property
    def count(self):
        return self.object_list.order_by()[: self.count_limit + 1].count()

    @property
    def count_is_capped(self):
        return self.count > self.count_limit


class PopularTagFilter(admin.SimpleListFilter):
    """The tags most used lately; any other tag can be reached with ?tag=<slug>."""

    title = "tag"
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        # The ranking changes slowly.
        return cache.get_or_set("admin:popular-tags", self.most_used_tags, timeout=600)

    @staticmethod
    def most_used_tags():
        newest = TaggedArticle.objects.order_by("-pk").values("pk")[:POPULAR_TAGS_SAMPLE]
        popular = (
            Tag.objects.filter(articles_taggedarticle_items__in=newest)
            .annotate(uses=Count("articles_taggedarticle_items"))
            .order_by("-uses", "name")[:25]
        )
        return [(tag.slug, tag.name) for tag in popular]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        taggings = TaggedArticle.objects.filter(tag__slug=self.value())
        if taggings[:COMMON_TAG_USES].count() < COMMON_TAG_USES:
            return queryset.filter(pk__in=taggings.values("content_object"))
        # A common tag: asked per article as the list walks its index, a page stops once
        # full, where reading and sorting every tagged article took seconds.
        return queryset.filter(Exists(taggings.filter(content_object=OuterRef("pk"))))


class ArticleAdminForm(forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    workflow_comment = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Goes with the action you take (e.g. why an article is sent back to draft); "
        "kept in the article's history.",
    )
    correction_kind = forms.ChoiceField(
        label="Kind",
        choices=Correction.Kind.choices,
        initial=Correction.Kind.CORRECTION,
        required=False,
    )
    correction_text = forms.CharField(
        label="Correction or update",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to readers at the foot of the article, with the time; appended by "
        "“Append correction”.",
    )

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "body",
            "section",
            "tags",
            "language",
            "published_at",
            "embargo_until",
            "expires_at",
            "lead_image",
            "lead_image_alt",
            "lead_image_caption",
            "lead_image_credit",
            "meta_description",
            "external_id",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is not None:
            current = (
                Article.objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is not None and current != expected:
                # Saving again is then deliberate: it replaces their version, which stays
                # in the history.
                self.data = self.data.copy()
                self.data["expected_version"] = current
                raise forms.ValidationError(
                    "Someone else saved this article while you were editing it. Your changes "
                    "are still in this form and nothing has been overwritten. Open “History” "
                    "in a new tab to compare with their version; saving again replaces it with "
                    "yours, and theirs stays in the history.",
                    code="edit_conflict",
                )
        return cleaned


@admin.register(Article)
class ArticleAdmin(ArticleHistoryMixin, ArticleUploadMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    # Counting every article on each list page is slow at a million rows.
    show_full_result_count = False
    # Deep pages (?p=200) find their ids from the index before reading any article.
    paginator = KeysFirstPaginator
    list_display = [
        "headline",
        "section",
        "status_label",
        "published_at",
        "credited",
        "modified_at",
    ]
    list_filter = ["status", "section", PopularTagFilter, "published_at"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst", "body", "slug", "external_id"]
    search_help_text = "Words from the headline, standfirst or body; or an exact slug or import id."
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section"]
    inlines = [BylineInline, PreviewLinkInline]
    actions = ["submit_selected", "publish_selected", "withdraw_selected"]
    readonly_fields = [
        "status",
        "first_published_at",
        "updated_at",
        "created_at",
        "modified_at",
        "word_count",
        "reading_time",
    ]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body", "expected_version"]}),
        ("Filing", {"fields": ["section", "tags", "language"]}),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "embargo_until",
                    "expires_at",
                    "first_published_at",
                    "updated_at",
                    "workflow_comment",
                ],
                "description": "An article is public only when it is Published, its "
                "publication time has passed, and it is neither under embargo nor expired. "
                "Submit, publish and withdraw with the buttons under the form.",
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
        (
            "Search engines and sharing",
            {"fields": ["meta_description"], "classes": ["collapse"]},
        ),
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
    correction_fieldset = (
        "Correction",
        {"fields": ["correction_kind", "correction_text"], "classes": ["collapse"]},
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__author")

    def get_search_results(self, request, queryset, search_term):
        """The site's full-text index (every state), plus exact slugs and import ids.

        A LIKE '%word%' over every body reads the whole table; the index answers at once.
        """
        term = search_term.strip()
        if not term:
            return queryset, False
        query_words = search.words(term)
        if connection.vendor == "sqlite" and query_words:
            # Asked per article as the list walks its index, newest first: a page needs
            # only as many probes as it takes to fill it. "id IN (every match)" read and
            # sorted all of them (133,000 for "government" at a million articles).
            entries = SearchEntry.objects.filter(article=OuterRef("pk")).filter(
                search.SQLiteBackend.match(query_words)
            )
            matches = Q(Exists(entries))
        else:
            matches = Q(pk__in=search.search(term, queryset).values("pk"))
        return queryset.filter(matches | Q(slug=term) | Q(external_id=term)), False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        # Counting every match of a search or tag probes an index once per article.
        probing = request.GET.get("q") or request.GET.get(PopularTagFilter.parameter_name)
        if not probing:
            return self.paginator(queryset, per_page, orphans, allow_empty_first_page)
        page = request.GET.get("p", "")
        page_number = int(page) if page.isdigit() else 1
        return SearchResultsPaginator(
            queryset, per_page, orphans, allow_empty_first_page, page_number=page_number
        )

    def get_changelist(self, request, **kwargs):
        return DateSafeChangeList

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if "correct" in publishing.allowed_actions(request.user, obj or Article()):
            fieldsets.insert(3, self.correction_fieldset)
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not publishing.can_publish(request.user):
            readonly += publishing.SCHEDULING_FIELDS
        return readonly

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or publishing.can_edit(request.user, obj))

    def get_deleted_objects(self, objs, request):
        # As in the API: an article once published keeps its address and history, so it is
        # withdrawn, never deleted. Refused here (the delete page and the bulk action both
        # ask), not in has_delete_permission(), so that deleting a section still explains
        # that its articles protect it.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if any(publishing.has_been_published(article) for article in objs):
            perms_needed = {*perms_needed, "published article (withdraw it instead)"}
        return deleted, counts, perms_needed, protected

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            return ProseEditorFormField(
                extensions=BODY_EDITOR_EXTENSIONS,
                widget=AdminProseEditorWidget,
                required=False,
                help_text=db_field.help_text,
            )
        if db_field.name == "tags":
            url = reverse(f"{self.admin_site.name}:articles_article_tag_suggestions")
            return TagNamesField(
                required=False,
                widget=TagAutocompleteWidget(url),
                help_text="Type to find a tag; press Enter or a comma to add a new one.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        def view(function, route, name):
            return path(
                route, self.admin_site.admin_view(function), name=f"articles_article_{name}"
            )

        return [
            view(self.tag_suggestions, "tag-suggestions/", "tag_suggestions"),
            view(self.upload_view, "import/", "upload"),
            view(self.preview_view, "<path:object_id>/preview/", "preview"),
            view(self.compare_view, "<path:object_id>/history/compare/", "compare"),
            view(self.restore_view, "<path:object_id>/history/<int:number>/restore/", "restore"),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        return render_preview(request, self.get_article_or_404(request, object_id))

    def tag_suggestions(self, request):
        """select2's JSON: existing tags whose names contain the typed text."""
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            return JsonResponse({"results": []}, status=403)
        term = strip_control_characters(request.GET.get("term", "")).strip()
        names = (
            Tag.objects.filter(name__icontains=term).order_by("name").values_list("name", flat=True)
        )
        results = [{"id": name, "text": name} for name in names[:TAG_SUGGESTIONS_LIMIT]]
        return JsonResponse({"results": results, "pagination": {"more": False}})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow_actions"] = [
            (name, ACTION_LABELS[name])
            for name in publishing.allowed_actions(request.user, obj or Article())
        ]
        if add:
            # A new article can be saved and submitted in one go.
            context["workflow_actions"] = [("submit", ACTION_LABELS["submit"])]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        # Saving happens in save_related(), through the workflow, so that the article,
        # its tags and its bylines are saved together and kept as one revision.
        pass

    def save_related(self, request, form, formsets, change):
        article = form.instance

        def save_inlines():
            for formset in formsets:
                for link_form in formset.forms if formset.model is PreviewLink else ():
                    if link_form.instance.created_by_id is None:
                        link_form.instance.created_by = request.user
                formset.save()

        try:
            publishing.save_article(
                article,
                by=request.user,
                expected_version=form.cleaned_data.get("expected_version"),
                tags=form.cleaned_data.get("tags", []),
                save_related=save_inlines,
            )
        except publishing.EditConflict as conflict:
            messages.error(request, str(conflict))
            return
        action = request.POST.get("_workflow")
        if action:
            self.run_workflow_action(request, article, action, form.cleaned_data)

    def run_workflow_action(self, request, article, action, data):
        comment = data.get("workflow_comment", "")
        try:
            if action == "submit":
                publishing.submit_for_review(article, by=request.user, comment=comment)
            elif action == "publish":
                publishing.publish(
                    article, by=request.user, at=data.get("published_at"), comment=comment
                )
            elif action == "withdraw":
                publishing.withdraw(article, by=request.user, comment=comment)
            elif action == "return_to_draft":
                publishing.return_to_draft(article, by=request.user, comment=comment)
            elif action == "correct":
                publishing.correct(
                    article,
                    by=request.user,
                    text=data.get("correction_text", ""),
                    kind=data.get("correction_kind") or Correction.Kind.CORRECTION,
                )
            else:
                raise publishing.WorkflowError(f"There is no action “{action}”.")
        except (PermissionDenied, publishing.WorkflowError) as error:
            messages.error(request, f"Saved, but not done: {error}")
        else:
            messages.success(request, action_message(article, action))

    def has_publish_permission(self, request):
        return publishing.can_publish(request.user)

    def apply_to_selected(self, request, queryset, workflow_function):
        done, refused = 0, []
        for article in queryset:
            try:
                workflow_function(article, by=request.user)
                done += 1
            except (PermissionDenied, publishing.WorkflowError) as error:
                refused.append(f"“{article}”: {error}")
        if done:
            self.message_user(request, f"{done} article(s) done.", messages.SUCCESS)
        for reason in refused:
            self.message_user(request, f"Not done: {reason}", messages.WARNING)

    @admin.action(description="Submit selected articles for review")
    def submit_selected(self, request, queryset):
        self.apply_to_selected(request, queryset, publishing.submit_for_review)

    @admin.action(description="Publish selected articles now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self.apply_to_selected(request, queryset, publishing.publish)

    @admin.action(description="Withdraw selected articles", permissions=["publish"])
    def withdraw_selected(self, request, queryset):
        self.apply_to_selected(request, queryset, publishing.withdraw)

    @admin.display(description="status", ordering="status")
    def status_label(self, article):
        if article.is_scheduled:
            return f"Scheduled for {article.goes_live_at:%Y-%m-%d %H:%M}"
        if article.status == Article.Status.PUBLISHED and not article.is_published():
            return "Expired"
        return article.get_status_display()

    @admin.display(description="bylines")
    def credited(self, article):
        return ", ".join(author.name for author in article.byline_authors)


ACTION_LABELS = {
    **{name: transition.label for name, transition in publishing.TRANSITIONS.items()},
    "correct": "Append correction",
}


def action_message(article, action):
    if action == "publish" and article.is_scheduled:
        return f"“{article}” is scheduled to go live at {article.goes_live_at:%Y-%m-%d %H:%M %Z}."
    return {
        "submit": f"“{article}” was submitted for review.",
        "publish": f"“{article}” is published.",
        "withdraw": f"“{article}” was withdrawn from the site.",
        "return_to_draft": f"“{article}” was sent back to draft.",
        "correct": f"A correction was appended to “{article}”.",
    }[action]


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
