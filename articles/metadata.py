"""What pages tell search engines and link previews: schema.org data and safe JSON-LD."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from . import images

# The characters that could end a <script> element or open a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data):
    """A <script type="application/ld+json"> that no value can break out of."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    # <, > and & are escaped above, so nothing can leave the script element.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # nosec B308 B703


def publisher(absolute):
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSROOM["SITE_NAME"],
        "url": absolute(reverse("articles:front_page")),
    }


def news_article(article, absolute):
    """schema.org NewsArticle for an article (uses what with_related() prefetched).

    `absolute` turns a path into a full URL (request.build_absolute_uri).
    """
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": absolute(article.get_absolute_url()),
        "url": absolute(article.get_absolute_url()),
        "headline": article.headline,
        "description": article.summary,
        "inLanguage": article.language,
        "datePublished": article.published_at,
        "dateModified": article.updated_at or article.published_at,
        "author": [
            {"@type": "Person", "name": author.name, "url": absolute(author.get_absolute_url())}
            for author in article.byline_authors
        ],
        "publisher": publisher(absolute),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.sorted_tags],
        "wordCount": article.word_count,
    }
    preview = images.link_preview(article)
    if preview:
        data["image"] = [absolute(preview.url)]
    corrections = list(article.corrections.all())
    if corrections:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": c.text, "datePublished": c.created_at}
            for c in corrections
        ]
    return data
