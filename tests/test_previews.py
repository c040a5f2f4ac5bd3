from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import PreviewLink
from tests.factories import draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def unpublished(section):
    return draft(headline="Zsecret draft about the budget", section=section)


def test_staff_preview_renders_the_public_template_uncached_and_noindex(admin_client, unpublished):
    response = admin_client.get(reverse("admin:articles_article_preview", args=[unpublished.pk]))
    page = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Zsecret draft about the budget</h1>" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "readers cannot see this page yet" in page


def test_preview_needs_staff(client, unpublished):
    response = client.get(reverse("admin:articles_article_preview", args=[unpublished.pk]))

    assert response.status_code == 302  # to the login page


def test_share_link_shows_the_draft_to_anyone(client, unpublished):
    link = PreviewLink.objects.create(article=unpublished)

    response = client.get(link.get_absolute_url())

    assert response.status_code == 200
    assert "Zsecret draft about the budget" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_expired_share_link_is_not_found(client, unpublished):
    link = PreviewLink.objects.create(
        article=unpublished, expires_at=timezone.now() + timedelta(hours=1)
    )

    with time_machine.travel(timezone.now() + timedelta(hours=1, seconds=1)):
        response = client.get(link.get_absolute_url())

    assert response.status_code == 404
    assert "Zsecret" not in response.content.decode()


def test_revoked_share_link_is_not_found(client, unpublished):
    link = PreviewLink.objects.create(article=unpublished)
    url = link.get_absolute_url()
    link.revoked = True
    link.save()

    assert client.get(url).status_code == 404


def test_tampered_or_guessed_tokens_are_not_found(client, unpublished):
    link = PreviewLink.objects.create(article=unpublished)

    assert (
        client.get(link.get_absolute_url().replace(link.token, link.token[:-2] + "xx")).status_code
        == 404
    )
    assert client.get(f"/preview/{link.pk}/").status_code == 404
