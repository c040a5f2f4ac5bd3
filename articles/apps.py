from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.backends.signals import connection_created


class ArticlesConfig(AppConfig):
    default = True
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from . import caching, cdn, search  # noqa: F401 (cdn registers its system check)

        connection_created.connect(search.register_sql_functions)
        caching.connect_signals()


class NewsroomAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "articles.admin_site.NewsroomAdminSite"
