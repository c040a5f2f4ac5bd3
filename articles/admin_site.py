from django.conf import settings
from django.contrib import admin

from .dashboard import dashboard


class NewsroomAdminSite(admin.AdminSite):
    """Django's admin, with the newsroom's dashboard on its index page."""

    site_header = settings.NEWSROOM["SITE_NAME"]
    site_title = f"{settings.NEWSROOM['SITE_NAME']} admin"
    index_title = "Newsroom"
    index_template = "admin/articles/dashboard.html"

    def index(self, request, extra_context=None):
        return super().index(request, {**dashboard(request.user), **(extra_context or {})})
