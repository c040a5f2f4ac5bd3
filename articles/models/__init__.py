from .content import (
    Article,
    ArticleQuerySet,
    Author,
    Byline,
    Section,
    TaggedArticle,
)
from .workflow import ArticleRedirect, Correction, PreviewLink, Revision, WorkflowEvent

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleRedirect",
    "Author",
    "Byline",
    "Correction",
    "PreviewLink",
    "Revision",
    "Section",
    "TaggedArticle",
    "WorkflowEvent",
]
