from rest_framework import renderers


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's HTML pages, from a template that works under the Content-Security-Policy."""

    template = "articles/api/browsable.html"
