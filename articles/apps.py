from django.apps import AppConfig
from django.db.backends.signals import connection_created


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from . import caching, search

        connection_created.connect(search.register_sql_functions)
        caching.connect_signals()
