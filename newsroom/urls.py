from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import health

urlpatterns = [
    path("healthz/", health.alive, name="healthz"),
    path("readyz/", health.ready, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("articles.api.urls")),
    path("", include("articles.urls")),
]

# Uploaded lead images; in production the web server or object storage serves them.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Our 500 page, and a friendly 503 when the database is down; both work without it.
handler500 = "newsroom.errors.server_error"
