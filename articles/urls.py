from django.urls import path, register_converter

from . import previews, views
from .converters import UnicodeSlugConverter

register_converter(UnicodeSlugConverter, "uslug")

app_name = "articles"

urlpatterns = [
    path("", views.FrontPageView.as_view(), name="front_page"),
    path("tags/<uslug:slug>/", views.TagView.as_view(), name="tag"),
    path("preview/<str:token>/", previews.shared_preview, name="shared_preview"),
    path("authors/<uslug:slug>/", views.AuthorView.as_view(), name="author"),
    # Section paths come last: a section's slug may not shadow the paths above
    # (see slugs.RESERVED_SECTION_SLUGS).
    path("<uslug:slug>/", views.SectionView.as_view(), name="section"),
    path("<uslug:section>/<uslug:slug>/", views.ArticleView.as_view(), name="article"),
]
