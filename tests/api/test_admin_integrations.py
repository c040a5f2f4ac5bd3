"""The admin pages for tokens, webhook subscriptions and the delivery log."""

import pytest

from articles.models import WebhookDelivery, WebhookSubscription

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/apitoken/",
        "/admin/articles/apitoken/add/",
        "/admin/articles/webhooksubscription/",
        "/admin/articles/webhooksubscription/add/",
        "/admin/articles/webhookdelivery/",
    ],
)
def test_integration_admin_pages_open(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_a_subscription_is_made_in_the_admin_with_a_secret(admin_client):
    response = admin_client.post(
        "/admin/articles/webhooksubscription/add/",
        {
            "name": "Partner",
            "url": "https://partner.example.com/hooks",
            "events": ["article.published", "article.corrected"],
            "secret": "whsec_given",
            "is_active": "on",
        },
    )

    subscription = WebhookSubscription.objects.get()
    assert response.status_code == 302
    assert subscription.events == ["article.published", "article.corrected"]
    assert subscription.wants("article.published") and not subscription.wants("article.updated")


def test_new_subscriptions_get_a_random_secret():
    first = WebhookSubscription(name="a", url="https://a.example.com")
    second = WebhookSubscription(name="b", url="https://b.example.com")

    assert first.secret.startswith("whsec_") and len(first.secret) > 40
    assert first.secret != second.secret


def test_the_delivery_log_is_read_only(admin_client, article):
    subscription = WebhookSubscription.objects.create(
        name="P", url="https://p.example.com", events=["article.published"]
    )
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event="article.published", article=article, body="{}"
    )

    page = admin_client.get(f"/admin/articles/webhookdelivery/{delivery.pk}/change/")

    assert page.status_code == 200
    assert b'name="_save"' not in page.content
