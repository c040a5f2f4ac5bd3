from .content import (
    Article,
    ArticleQuerySet,
    Author,
    Byline,
    Section,
    TaggedArticle,
)
from .workflow import ArticleRedirect, Correction, Revision, WorkflowEvent

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleRedirect",
    "Author",
    "Byline",
    "Correction",
    "Revision",
    "Section",
    "TaggedArticle",
    "WorkflowEvent",
]
