from math import ceil

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from ..sanitize import html_to_text, sanitize_html, strip_control_characters
from ..slugs import unique_slug, validate_section_slug

WORDS_READ_PER_MINUTE = 230
# How many of the newest articles of each tag and section are ranked for "related".
RELATED_CANDIDATES = 50
# The article's text that is not HTML; save() removes control characters from it.
PLAIN_TEXT_FIELDS = (
    "headline",
    "standfirst",
    "meta_description",
    "lead_image_alt",
    "lead_image_caption",
    "lead_image_credit",
)


class SlugManager(models.Manager):
    """Natural keys by slug, so fixtures refer to "world" rather than to a database id."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Section(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        allow_unicode=True,
        validators=[validate_section_slug],
        help_text="The section's address on the site, e.g. “world” for /world/.",
    )
    description = models.TextField(
        blank=True, help_text="Shown at the top of the section page and used as its summary."
    )
    position = models.PositiveSmallIntegerField(
        "display order",
        default=0,
        help_text="Sections are listed in navigation and on the front page from lowest to highest.",
    )
    in_navigation = models.BooleanField(
        "shown in navigation",
        default=True,
        help_text="Untick to keep the section off the site menu and the front page; its own page still works.",
    )

    objects = SlugManager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = strip_control_characters(self.name)
        self.description = strip_control_characters(self.description)
        if not self.slug:
            self.slug = unique_slug(self, self.name, fallback="section")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class Author(models.Model):
    name = models.CharField(max_length=150, help_text="As it appears in the byline.")
    slug = models.SlugField(max_length=150, unique=True, allow_unicode=True)
    job_title = models.CharField(
        max_length=150, blank=True, help_text="E.g. “Diplomatic correspondent”."
    )
    bio = models.TextField(blank=True, help_text="A few sentences shown on the author's page.")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text="The staff account that writes as this author, if any. Bylines need no account.",
    )

    objects = SlugManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        for field in ("name", "job_title", "bio"):
            setattr(self, field, strip_control_characters(getattr(self, field)))
        if not self.slug:
            self.slug = unique_slug(self, self.name, fallback="author")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


def first_values(querysets):
    """The first value of each ordered one-column queryset, read in a single query.

    MIN(x) FILTER (WHERE …) over several columns reads every article; a LIMIT 1 subquery
    per column is answered by that column's index instead.
    """
    subqueries = {f"value_{number}": Subquery(qs[:1]) for number, qs in enumerate(querysets)}
    row = Article.objects.order_by().values(**subqueries)[:1]
    return list(row[0].values()) if row else [None] * len(subqueries)


class ArticleQuerySet(models.QuerySet):
    def published(self, *, at=None):
        """The one rule for what the public may see; every public surface starts here.

        Published, its publication time passed, out of embargo and not expired. Scheduled
        articles go live through this rule alone: no job has to flip a flag on time.
        """
        at = at or timezone.now()
        return self.filter(
            Q(embargo_until__isnull=True) | Q(embargo_until__lte=at),
            Q(expires_at__isnull=True) | Q(expires_at__gt=at),
            status=Article.Status.PUBLISHED,
            published_at__lte=at,
        )

    def for_listing(self):
        """What a list of articles shows (section and bylines) in a fixed number of queries."""
        return self.select_related("section").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )

    def with_related(self):
        """Everything an article page or API response shows, in a fixed number of queries."""
        return self.select_related("section").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author")),
            "tags",
            "corrections",
        )

    def latest_first(self):
        return self.order_by("-published_at", "-pk")

    def next_visibility_change(self, *, at=None):
        """The first moment after `at` when published() may answer differently, or None.

        A scheduled publication, an embargo's end or an expiry changes what the public sees
        without any row changing; caches use this to know how long their answer holds.
        """
        at = at or timezone.now()
        published = self.filter(status=Article.Status.PUBLISHED)
        times = first_values(
            published.filter(**{f"{field}__gt": at}).order_by(field).values(field)
            for field in ("published_at", "embargo_until", "expires_at")
        )
        return min((time for time in times if time is not None), default=None)

    def related_to(self, article):
        """Articles sharing the most tags with `article`, then its section's, newest first.

        Only the newest RELATED_CANDIDATES of its section and the last tagged of each of
        its tags are ranked: ranking every article that shares a common tag would read a large part of
        the archive on every article page. Uses the article's prefetched tags, so it adds
        one query however many tags it has.
        """
        tag_ids = [tag.pk for tag in article.tags.all()]
        others = self.exclude(pk=article.pk)
        newest = [others.filter(section_id=article.section_id).latest_first().values("pk")]
        # The last tagged of each tag, read backwards from the tag's index whatever its size;
        # `others` then keeps the public ones.
        newest += [
            TaggedArticle.objects.filter(tag_id=tag_id).order_by("-pk").values("content_object")
            for tag_id in tag_ids
        ]
        candidates = Q()
        for ids in newest:
            candidates |= Q(pk__in=ids[:RELATED_CANDIDATES])
        shared_tags = (
            TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag_id__in=tag_ids)
            .values("content_object")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            # Looked up by id: the outer query then reads only the candidates.
            others.filter(pk__in=Article.objects.filter(candidates).values("pk"))
            .annotate(shared_tags=Coalesce(Subquery(shared_tags), 0))
            .order_by("-shared_tags", "-published_at", "-pk")
        )

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    headline = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=255,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text="The last part of the article's address. Left empty, it is made from the headline.",
    )
    standfirst = models.TextField(
        blank=True, help_text="The summary shown under the headline and in article lists."
    )
    body = models.TextField(
        blank=True,
        help_text="Sub-headings, paragraphs, links, lists and quotes. Scripts, styles and unsafe links are removed on save.",
    )
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    authors = models.ManyToManyField(
        Author, through="Byline", related_name="articles", verbose_name="bylines", blank=True
    )
    tags = TaggableManager(through="TaggedArticle", blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        help_text="An article is public only when it is Published and its publication time has passed.",
    )
    first_published_at = models.DateTimeField(
        "first published", null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(
        "last updated",
        null=True,
        blank=True,
        editable=False,
        help_text="When readers last saw a change to the published article.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)
    language = models.CharField(
        max_length=15,
        default=settings.LANGUAGE_CODE,
        help_text="The article's language as a BCP 47 code, e.g. “en”, “uk”, “pt-BR”.",
    )
    meta_description = models.CharField(
        max_length=300,
        blank=True,
        help_text="For search engines and link previews. Left empty, the standfirst is used.",
    )
    lead_image = models.ImageField(
        upload_to="lead-images/%Y/%m/",
        blank=True,
        width_field="lead_image_width",
        height_field="lead_image_height",
    )
    lead_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    lead_image_alt = models.CharField(
        "lead image alt text",
        max_length=300,
        blank=True,
        help_text="What the image shows, for readers who cannot see it.",
    )
    lead_image_caption = models.CharField(max_length=500, blank=True)
    lead_image_credit = models.CharField(
        max_length=200, blank=True, help_text="E.g. “Reuters/Yves Herman”."
    )
    external_id = models.CharField(
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text="The story's identifier in the system it was imported from; re-imports update instead of duplicating.",
    )
    word_count = models.PositiveIntegerField(default=0, editable=False)
    embargo_until = models.DateTimeField(
        "embargoed until",
        null=True,
        blank=True,
        help_text="Until this time only staff (and partners with embargo access) may see the "
        "article, even when it is published.",
    )
    expires_at = models.DateTimeField(
        "expires",
        null=True,
        blank=True,
        help_text="From this time the article is no longer public. Leave empty to keep it up.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up by one with every saved change; detects two people saving at once.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        permissions = [
            ("publish_article", "Can publish, schedule, withdraw and correct articles"),
        ]
        indexes = [
            # published() and the public lists, whole and by section: every column of the
            # rule is in the index, so counting a list never reads the articles themselves.
            models.Index(
                fields=["status", "published_at", "embargo_until", "expires_at"],
                name="article_visible_idx",
            ),
            models.Index(
                fields=["section", "status", "published_at", "embargo_until", "expires_at"],
                name="article_section_visible_idx",
            ),
            # The admin's default order (read backwards), date hierarchy and date filter.
            models.Index(fields=["published_at", "id"], name="article_published_idx"),
            # Embargoes and expiries are few; caches and the dashboard look for the next one.
            models.Index(fields=["status", "embargo_until"], name="article_embargo_end_idx"),
            models.Index(fields=["status", "expires_at"], name="article_expiry_idx"),
            # The API's other orderings and the sitemap's latest lastmod: read in index order,
            # stopping after a page, instead of sorting every public article (bodies included).
            models.Index(fields=["status", "headline", "id"], name="article_headline_idx"),
            models.Index(fields=["status", "modified_at", "id"], name="article_modified_idx"),
            models.Index(fields=["status", "updated_at", "id"], name="article_update_idx"),
            # The admin list filtered by status, in its default order (-published_at, -pk);
            # the dashboard's review queue uses article_modified_idx.
            models.Index(
                fields=["status", "published_at", "id"], name="article_status_published_idx"
            ),
            # The dashboard's "my drafts": one person's articles in a state, newest first.
            models.Index(
                fields=["created_by", "status", "modified_at"], name="article_creator_status_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_article_has_publication_time",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        for field in PLAIN_TEXT_FIELDS:
            setattr(self, field, strip_control_characters(getattr(self, field)))
        if not self.slug:
            self.slug = unique_slug(self, self.headline, max_length=255)
        self.body = sanitize_html(self.body)
        self.word_count = len(f"{self.standfirst} {html_to_text(self.body)}".split())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"body", "standfirst"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "word_count"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article", kwargs={"section": self.section.slug, "slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["articles.section"]

    def clean(self):
        # "Published" with no time given means now, as editors expect.
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def is_published(self, *, at=None):
        """The instance form of ArticleQuerySet.published(); the two must agree."""
        at = at or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= at
            and (self.embargo_until is None or self.embargo_until <= at)
            and (self.expires_at is None or self.expires_at > at)
        )

    @property
    def goes_live_at(self):
        """When a published article becomes public: its publication time or its embargo's end."""
        if self.published_at is None:
            return None
        return max(self.published_at, self.embargo_until or self.published_at)

    @property
    def is_scheduled(self):
        """Published for a time still to come (or under embargo until then)."""
        now = timezone.now()
        return self.status == self.Status.PUBLISHED and (
            (self.published_at is not None and self.published_at > now)
            or (self.embargo_until is not None and self.embargo_until > now)
        )

    @property
    def sorted_tags(self):
        """Tags in alphabetical order (from the prefetch of with_related(), no query), so
        that pages, feeds and the API list them the same way on every database."""
        return sorted(self.tags.all(), key=lambda tag: tag.name.casefold())

    @property
    def byline_authors(self):
        """The credited authors in byline order (uses the prefetch from with_related())."""
        return [byline.author for byline in self.bylines.all()]

    @property
    def reading_time(self):
        """Minutes a reader needs, at least one."""
        return max(1, ceil(self.word_count / WORDS_READ_PER_MINUTE))

    @property
    def summary(self):
        return self.meta_description or self.standfirst

    @property
    def was_updated(self):
        """True when readers should see an “Updated” time beside the publication time."""
        return bool(self.updated_at and self.published_at and self.updated_at > self.published_at)


class BylineManager(models.Manager):
    def get_by_natural_key(self, article_slug, author_slug):
        return self.get(article__slug=article_slug, author__slug=author_slug)


class Byline(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    objects = BylineManager()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="one_byline_per_author")
        ]

    def __str__(self):
        return f"{self.author} on “{self.article}”"

    def natural_key(self):
        return (*self.article.natural_key(), *self.author.natural_key())

    natural_key.dependencies = ["articles.article", "articles.author"]


class TaggedArticleManager(models.Manager):
    def get_by_natural_key(self, article_slug, tag_name):
        return self.get(content_object__slug=article_slug, tag__name=tag_name)


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="tagged_items"
    )

    objects = TaggedArticleManager()

    class Meta:
        verbose_name = "article tag"
        # A tag's articles from the index alone: tag pages, counts of public uses.
        indexes = [models.Index(fields=["tag", "content_object"], name="tagged_article_tag_idx")]
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="one_tag_per_article")
        ]

    def __str__(self):
        return f"{self.content_object} tagged {self.tag}"

    def natural_key(self):
        return (*self.content_object.natural_key(), *self.tag.natural_key())

    natural_key.dependencies = ["articles.article", "taggit.tag"]


class SearchEntry(models.Model):
    """A row of SQLite's full-text table (migration 0007), so that a search can join it.

    Read only, and SQLite only: the triggers of migration 0007 keep it in step.
    """

    article = models.OneToOneField(
        Article,
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        related_name="search_entry",
    )

    class Meta:
        managed = False
        db_table = "articles_search"

    def __str__(self):
        return f"Search entry of article {self.article_id}"
