from django.urls import path, re_path
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("sections", views.SectionViewSet, basename="section")
router.register("tags", views.TagViewSet, basename="tag")
router.register("authors", views.AuthorViewSet, basename="author")

app_name = "api"
urlpatterns = [
    *router.urls,
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(
            url_name="api:schema", template_name="articles/api/swagger_ui.html"
        ),
        name="docs",
    ),
    re_path(r"^", views.not_found),
]
