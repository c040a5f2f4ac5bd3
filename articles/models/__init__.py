from .content import (
    Article,
    ArticleQuerySet,
    Author,
    Byline,
    SearchEntry,
    Section,
    TaggedArticle,
)
from .integrations import ApiToken, WebhookDelivery, WebhookEvent, WebhookSubscription
from .workflow import ArticleRedirect, Correction, PreviewLink, Revision, WorkflowEvent

__all__ = [
    "ApiToken",
    "Article",
    "ArticleQuerySet",
    "ArticleRedirect",
    "Author",
    "Byline",
    "Correction",
    "PreviewLink",
    "Revision",
    "SearchEntry",
    "Section",
    "TaggedArticle",
    "WebhookDelivery",
    "WebhookEvent",
    "WebhookSubscription",
    "WorkflowEvent",
]
