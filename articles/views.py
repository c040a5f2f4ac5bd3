from itertools import groupby

from django.conf import settings
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import http_date
from django.views.generic import (
    ArchiveIndexView,
    DetailView,
    ListView,
    MonthArchiveView,
    TemplateView,
    YearArchiveView,
)
from taggit.models import Tag

from . import search
from .models import Article, ArticleRedirect, Author, Section
from .paginators import KeysFirstPaginator


class PublicArticlesMixin:
    """Every public page lists articles from here: the visibility rule plus what the templates show."""

    def public_articles(self):
        return Article.objects.published().for_listing().latest_first()


class LastModifiedMixin:
    """Send Last-Modified: the latest change readers can see among the articles shown."""

    def last_modified(self, context):
        return max(
            (article.updated_at or article.published_at for article in context.get("articles", [])),
            default=None,
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if last_modified := self.last_modified(context):
            response["Last-Modified"] = http_date(last_modified.timestamp())
        return response


class PublicArticleListView(LastModifiedMixin, PublicArticlesMixin, ListView):
    paginate_by = settings.NEWSROOM["ARTICLES_PER_PAGE"]
    paginator_class = KeysFirstPaginator
    context_object_name = "articles"


class FrontPageView(LastModifiedMixin, PublicArticlesMixin, TemplateView):
    template_name = "articles/front_page.html"

    def get_context_data(self, **kwargs):
        per_section = settings.NEWSROOM["FRONT_PAGE_PER_SECTION"]
        navigation = list(Section.objects.filter(in_navigation=True))
        # The newest few of each section, each list read from the section's index; a window
        # function over all public articles would rank every one of them on every request.
        newest = Q()
        for section in navigation:
            newest |= Q(
                pk__in=self.public_articles().filter(section=section).values("pk")[:per_section]
            )
        front_page_articles = (
            list(
                self.public_articles()
                .filter(newest)
                .order_by("section__position", "section__name", "-published_at", "-pk")
            )
            if navigation
            else []
        )
        # The lead is the newest of them; it is not repeated in its section's list.
        lead = max(
            front_page_articles,
            key=lambda article: (article.published_at, article.pk),
            default=None,
        )
        by_section = groupby(front_page_articles, key=lambda article: article.section)
        sections = []
        for section, articles in by_section:
            rest = [article for article in articles if article != lead]
            if rest:
                sections.append((section, rest))
        return super().get_context_data(
            lead=lead,
            sections=sections,
            articles=front_page_articles,
            navigation_sections=navigation,
            **kwargs,
        )


class SectionView(PublicArticleListView):
    template_name = "articles/section.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return self.public_articles().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            section=self.section, current_section=self.section, **kwargs
        )


class TagView(PublicArticleListView):
    template_name = "articles/tag.html"
    # A tag used only on unpublished articles must not reveal that it exists.
    allow_empty = False

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return self.public_articles().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(PublicArticleListView):
    template_name = "articles/author.html"
    allow_empty = False

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return self.public_articles().filter(bylines__author=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class ArticleView(LastModifiedMixin, PublicArticlesMixin, DetailView):
    template_name = "articles/article.html"
    context_object_name = "article"

    def get(self, request, *args, **kwargs):
        self.object = Article.objects.published().with_related().filter(slug=kwargs["slug"]).first()
        if self.object is None:
            # An address the article had before its slug or section changed.
            moved = get_object_or_404(ArticleRedirect, old_path=request.path)
            return redirect(
                get_object_or_404(self.public_articles(), pk=moved.article_id), permanent=True
            )
        if self.object.section.slug != kwargs["section"]:
            # The article was filed in another section since this link was made.
            return redirect(self.object, permanent=True)
        related = self.public_articles().related_to(self.object)
        return self.render_to_response(
            self.get_context_data(
                object=self.object,
                current_section=self.object.section,
                related_articles=related[: settings.NEWSROOM["RELATED_ARTICLES"]],
            )
        )

    def last_modified(self, context):
        return self.object.updated_at or self.object.published_at


class ArchiveMixin(LastModifiedMixin, PublicArticlesMixin):
    """Date archives over public articles; the visibility rule alone decides what is shown."""

    date_field = "published_at"
    # published() already leaves out what is still to come.
    allow_future = True
    paginator_class = KeysFirstPaginator
    context_object_name = "articles"

    def get_queryset(self):
        return self.public_articles()


class ArchiveView(ArchiveMixin, ArchiveIndexView):
    """The months that have articles; the articles themselves are on the month pages."""

    template_name = "articles/archive.html"
    date_list_period = "month"
    allow_empty = True

    def last_modified(self, context):
        return None


class YearArchive(ArchiveMixin, YearArchiveView):
    template_name = "articles/archive_year.html"
    make_object_list = True
    paginate_by = settings.NEWSROOM["ARTICLES_PER_PAGE"]


class MonthArchive(ArchiveMixin, MonthArchiveView):
    template_name = "articles/archive_month.html"
    month_format = "%m"
    paginate_by = settings.NEWSROOM["ARTICLES_PER_PAGE"]


class SearchView(PublicArticleListView):
    template_name = "articles/search.html"

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()
        return search.search(self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, **kwargs)
        search.highlight(context["articles"], self.query)
        return context
