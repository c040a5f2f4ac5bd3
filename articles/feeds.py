"""RSS 2.0, Atom and JSON Feed 1.1 for the site, and RSS and Atom per section, tag and author."""

import json
from copy import copy
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed, rfc3339_date
from django.utils.html import escape
from taggit.models import Tag

from .models import Article, Author, Section
from .sanitize import strip_control_characters


class JSONFeed(SyndicationFeed):
    """JSON Feed 1.1 (jsonfeed.org) from the same items as the RSS and Atom feeds."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        home = self.feed["link"]
        feed = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": self.feed["title"],
            "home_page_url": home,
            "feed_url": self.feed["feed_url"],
            "description": self.feed["subtitle"],
            "language": self.feed["language"],
            "items": [self.item(item, home) for item in self.items],
        }
        outfile.write(json.dumps(feed, ensure_ascii=False, indent=1))

    @staticmethod
    def item(item, home):
        entry = {
            "id": item["unique_id"] or item["link"],
            "url": item["link"],
            "title": item["title"],
            "content_html": item["description"],
            "summary": item["summary"],
            "date_published": rfc3339_date(item["pubdate"]),
            "date_modified": rfc3339_date(item["updateddate"]),
            "authors": [
                {"name": name, "url": urljoin(home, path)} for name, path in item["authors"]
            ],
            "tags": list(item["categories"]),
            "language": item["language"],
        }
        if item["image"]:
            entry["image"] = urljoin(home, item["image"])
        return entry


class ArticleFeed(Feed):
    """Public articles, newest first; subclasses narrow them to one section, tag or author."""

    def __call__(self, request, *args, **kwargs):
        # One instance serves every request: give each its own copy to hold the request.
        feed = copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def articles(self, obj):
        return Article.objects.published().for_listing().prefetch_related("tags").latest_first()

    def items(self, obj=None):
        return self.articles(obj)[: settings.NEWSROOM["FEED_ITEMS"]]

    def title(self, obj=None):
        site = settings.NEWSROOM["SITE_NAME"]
        return strip_control_characters(f"{site}: {obj}") if obj is not None else site

    def link(self, obj=None):
        return obj.get_absolute_url() if obj is not None else reverse("articles:front_page")

    def about(self, obj=None):
        """What the feed is, in plain text."""
        return f"The latest articles from {self.title(obj)}."

    def description(self, obj=None):
        # Feed readers show an RSS <description> as HTML, so plain text goes in escaped.
        return escape(self.about(obj))

    def subtitle(self, obj=None):
        return self.about(obj)  # Atom's subtitle is text

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        # HTML either way: the sanitized body, or the summary (plain text) escaped.
        return article.body if settings.NEWSROOM["FEED_FULL_CONTENT"] else escape(article.summary)

    def item_guid(self, article):
        # Stable when the headline, slug or section changes, so readers never see a repeat.
        first = article.first_published_at or article.published_at
        return f"tag:{self.request.get_host()},{first:%Y-%m-%d}:article:{article.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at or article.published_at

    def item_author_name(self, article):
        names = [author.name for author in article.byline_authors]
        return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else None

    def item_author_link(self, article):
        authors = article.byline_authors
        return self.request.build_absolute_uri(authors[0].get_absolute_url()) if authors else None

    def item_categories(self, article):
        # Tag names are taggit's, not cleaned on save like our models' text (see title()).
        tags = (strip_control_characters(tag.name) for tag in article.sorted_tags)
        return [article.section.name, *tags]

    def item_extra_kwargs(self, article):
        return {
            "summary": article.summary,
            "language": article.language,
            "authors": [(a.name, a.get_absolute_url()) for a in article.byline_authors],
            "image": article.lead_image.url if article.lead_image else None,
        }


class LatestRSS(ArticleFeed):
    pass


class LatestAtom(ArticleFeed):
    feed_type = Atom1Feed


class LatestJSON(ArticleFeed):
    feed_type = JSONFeed


class SectionRSS(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def articles(self, section):
        return super().articles(section).filter(section=section)

    def about(self, section):
        return section.description or super().about(section)


class TagRSS(ArticleFeed):
    def get_object(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        # Like the tag page: a tag only unpublished articles carry does not exist publicly.
        if not super().articles(tag).filter(tags=tag).exists():
            raise Http404("No public articles with this tag.")
        return tag

    def articles(self, tag):
        return super().articles(tag).filter(tags=tag)

    def link(self, tag):
        return reverse("articles:tag", kwargs={"slug": tag.slug})


class AuthorRSS(ArticleFeed):
    def get_object(self, request, slug):
        author = get_object_or_404(Author, slug=slug)
        if not super().articles(author).filter(bylines__author=author).exists():
            raise Http404("No public articles by this author.")
        return author

    def articles(self, author):
        return super().articles(author).filter(bylines__author=author)


class SectionAtom(SectionRSS):
    feed_type = Atom1Feed


class TagAtom(TagRSS):
    feed_type = Atom1Feed


class AuthorAtom(AuthorRSS):
    feed_type = Atom1Feed


json_feed = LatestJSON()
