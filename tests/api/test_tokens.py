"""API tokens: printed once, stored hashed, revocable, last use recorded."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import ApiToken
from articles.models.integrations import TOKEN_PREFIX, hash_token
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db


def create(username, *args):
    out = StringIO()
    call_command("create_api_token", username, *args, stdout=out)
    return out.getvalue()


def test_create_api_token_prints_the_token_once_and_stores_its_hash(writer):
    output = create("wanda", "--name", "Importer")

    raw = output.splitlines()[1]
    token = ApiToken.objects.get()
    assert "Created API token “Importer” for wanda" in output
    assert "shown only this once" in output
    assert raw.startswith("nr_") and len(raw) > 40
    assert token.key_hash == hash_token(raw)
    assert raw not in {token.key_hash, token.prefix, token.name}
    assert raw.startswith(token.prefix)
    assert not token.embargo_access
    assert Api(raw).get("/api/v1/articles/").status_code == 200


def test_create_api_token_with_embargo_access(partner):
    create("partner", "--embargo-access")

    assert ApiToken.objects.get().embargo_access


def test_create_api_token_for_an_unknown_or_inactive_account(writer):
    with pytest.raises(CommandError, match="no account “nobody”"):
        create("nobody")
    writer.is_active = False
    writer.save()
    with pytest.raises(CommandError, match="inactive"):
        create("wanda")


def test_a_revoked_or_unknown_token_is_a_401_that_says_why(writer, section):
    token, raw = ApiToken.objects.create_token(user=writer, name="x")
    api = Api(raw)
    assert api.get("/api/v1/articles/").status_code == 200

    token.revoke()
    response = api.get("/api/v1/articles/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert "revoked" in response.json()["detail"]
    assert Api("nr_made-up").get("/api/v1/articles/").status_code == 401


def test_an_inactive_users_token_stops_working(writer):
    _, raw = ApiToken.objects.create_token(user=writer, name="x")
    writer.is_active = False
    writer.save()

    assert Api(raw).get("/api/v1/articles/").status_code == 401


def test_last_use_is_recorded_at_most_once_a_minute(writer, time_machine):
    token, raw = ApiToken.objects.create_token(user=writer, name="x")
    api = Api(raw)

    api.get("/api/v1/sections/")
    token.refresh_from_db()
    first = token.last_used_at
    time_machine.move_to(timezone.now() + timedelta(seconds=30))
    api.get("/api/v1/sections/")
    token.refresh_from_db()
    assert token.last_used_at == first
    time_machine.move_to(timezone.now() + timedelta(minutes=2))
    api.get("/api/v1/sections/")
    token.refresh_from_db()
    assert token.last_used_at > first


def test_a_token_made_in_the_admin_is_shown_once(admin_client, writer):
    response = admin_client.post(
        "/admin/articles/apitoken/add/",
        {"user": writer.pk, "name": "Partner app", "embargo_access": "on"},
        follow=True,
    )

    token = ApiToken.objects.get()
    message = next(str(m) for m in response.context["messages"] if "nr_" in str(m))
    raw = message.split("The new token is ")[1].split()[0]
    assert token.key_hash == hash_token(raw)
    assert token.embargo_access
    assert (
        raw not in admin_client.get(f"/admin/articles/apitoken/{token.pk}/change/").content.decode()
    )


def test_tokens_are_revoked_from_the_admin(admin_client, writer):
    token, raw = ApiToken.objects.create_token(user=writer, name="x")

    admin_client.post(
        "/admin/articles/apitoken/", {"action": "revoke_selected", "_selected_action": [token.pk]}
    )

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Api(raw).get("/api/v1/articles/").status_code == 401


@pytest.mark.parametrize("header", ["Bearer", "Bearer a b", "Bearer ünïcode"])
def test_malformed_authorization_is_a_401(client, header):
    response = client.get("/api/v1/articles/", headers={"Authorization": header})

    assert response.status_code == 401


def everything_stored():
    """Every value of every row of every table, and every session's contents, as text."""
    from django.apps import apps
    from django.contrib.sessions.models import Session

    # Unmanaged models (SearchEntry) are views of other tables and may not exist everywhere.
    tables = [model for model in apps.get_models() if model._meta.managed]
    rows = [repr(row) for model in tables for row in model._base_manager.values_list()]
    rows += [repr(session.get_decoded()) for session in Session.objects.all()]
    return "\n".join(rows)


def test_the_database_never_holds_a_token(admin_client, writer, partner):
    from_command = create("wanda", "--name", "Importer").splitlines()[1]
    response = admin_client.post(
        "/admin/articles/apitoken/add/",
        {"user": partner.pk, "name": "Partner app", "embargo_access": "on"},
        follow=True,
    )
    message = next(str(m) for m in response.context["messages"] if "nr_" in str(m))
    from_admin = message.split("The new token is ")[1].split()[0]
    for raw in (from_command, from_admin):
        assert Api(raw).get("/api/v1/articles/").status_code == 200  # in use, last use kept

    stored = everything_stored()

    for raw in (from_command, from_admin):
        secret = raw.removeprefix(TOKEN_PREFIX)
        assert raw not in stored and secret not in stored and secret[8:40] not in stored
        assert hash_token(raw) in stored  # the check does see the tokens' rows
