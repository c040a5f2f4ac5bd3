from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def test_a_database_outage_is_a_friendly_503(client, article):
    with mock.patch(
        "articles.views.ArticleView.get",
        side_effect=OperationalError("server closed the connection"),
    ):
        response = client.get(article.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Back in a moment" in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_other_errors_are_our_500_page(client, article):
    with mock.patch("articles.views.ArticleView.get", side_effect=RuntimeError("bug")):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "RuntimeError" not in response.content.decode()
