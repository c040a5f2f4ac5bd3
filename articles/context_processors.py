from django.conf import settings

from .models import Section


def site(request):
    return {
        "site_name": settings.NEWSROOM["SITE_NAME"],
        # A lazy queryset: pages that never show the menu never run the query.
        "navigation_sections": Section.objects.filter(in_navigation=True),
    }
