from django.core.paginator import InvalidPage
from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ..paginators import KeysFirstPaginator
from .problems import InvalidParameters


class PageNumberPagination(pagination.PageNumberPagination):
    """?page= and ?page_size= (at most 100); the total in the body and in X-Total-Count,
    and first/prev/next/last in an RFC 8288 Link header."""

    page_size_query_param = "page_size"
    max_page_size = 100
    django_paginator_class = KeysFirstPaginator

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        size = _whole_number(raw)
        if size is None or size < 1:
            raise InvalidParameters({"page_size": ["Must be a whole number from 1 to 100."]})
        if size > self.max_page_size:
            raise InvalidParameters(
                {
                    "page_size": [
                        f"At most {self.max_page_size} items fit on a page; ask for "
                        f"page_size={self.max_page_size} or less and follow the `next` links."
                    ]
                }
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param)
        if raw not in (None, "") and (_whole_number(raw) or 0) < 1:
            raise InvalidParameters({"page": ["Must be a whole number, 1 or more."]})
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        try:
            self.page = paginator.page(raw or 1)
        except InvalidPage:
            raise NotFound(
                f"There is no page {raw}; there are {paginator.num_pages} page(s) of {page_size}."
            ) from None
        return list(self.page)

    def get_paginated_response(self, data):
        count = self.page.paginator.count
        response = Response(
            {
                "count": count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )
        response["X-Total-Count"] = str(count)
        links = self.get_link_header()
        if links:
            response["Link"] = links
        return response

    def get_link_header(self):
        url = self.request.build_absolute_uri()
        last = self.page.paginator.num_pages
        first_url = remove_query_param(url, self.page_query_param)
        links = [
            (first_url, "first"),
            (self.get_previous_link(), "prev"),
            (self.get_next_link(), "next"),
            (
                replace_query_param(url, self.page_query_param, last) if last > 1 else first_url,
                "last",
            ),
        ]
        return ", ".join(f'<{link}>; rel="{rel}"' for link, rel in links if link)


def _whole_number(raw):
    try:
        return int(raw)
    except ValueError:
        return None
