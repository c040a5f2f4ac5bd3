"""How Newsroom turns headlines and names into URL slugs: one policy, used everywhere."""

from django.core.exceptions import ValidationError
from django.utils.text import slugify

# First path segments the site itself uses; a section may not take them.
RESERVED_SECTION_SLUGS = frozenset(
    {
        "admin",
        "api",
        "archive",
        "authors",
        "feeds",
        "healthz",
        "media",
        "preview",
        "readyz",
        "robots.txt",
        "search",
        "sitemap.xml",
        "static",
        "tags",
    }
)


def make_slug(text, *, max_length=100, fallback="article"):
    """A readable slug that keeps letters of any script ("Привет мир" -> "привет-мир")."""
    slug = slugify(text, allow_unicode=True)
    if len(slug) > max_length:
        # Cut at a word boundary so the slug never ends mid-word.
        slug = (
            slug[:max_length].rsplit("-", 1)[0] if "-" in slug[:max_length] else slug[:max_length]
        )
    return slug.strip("-_") or fallback


def unique_slug(instance, text, *, max_length=100, fallback="article"):
    """make_slug(text), suffixed -2, -3, … until no other row of the model uses it."""
    base = make_slug(text, max_length=max_length, fallback=fallback)
    taken = set(
        type(instance)
        ._default_manager.filter(slug__startswith=base)
        .exclude(pk=instance.pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)] + suffix
    return slug


def validate_section_slug(value):
    if value in RESERVED_SECTION_SLUGS:
        raise ValidationError(
            "“%(value)s” is used by the site itself; choose another slug for this section.",
            params={"value": value},
        )
