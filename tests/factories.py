from datetime import timedelta

import factory
from django.utils import timezone

from articles.models import Article, Author, Byline, Section


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"author-{n}")
    bio = "Covers politics."


class ArticleFactory(factory.django.DjangoModelFactory):
    """A public article unless told otherwise: published an hour ago."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Headline number {n}")
    standfirst = "A summary of what happened."
    body = "<p>First paragraph.</p><h2>A sub-heading</h2><p>Second paragraph.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    # As publishing.publish() would set them.
    first_published_at = factory.LazyAttribute(
        lambda article: article.published_at if article.status == Article.Status.PUBLISHED else None
    )
    updated_at = factory.LazyAttribute(lambda article: article.first_published_at)

    @factory.post_generation
    def tags(self, create, names, **kwargs):
        if create and names:
            self.tags.set(names)

    @factory.post_generation
    def authors(self, create, authors, **kwargs):
        if create and authors:
            for position, author in enumerate(authors):
                Byline.objects.create(article=self, author=author, position=position)


def draft(**kwargs):
    return ArticleFactory(status=Article.Status.DRAFT, published_at=None, **kwargs)
