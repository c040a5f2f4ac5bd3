import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def attempt(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_repeated_wrong_passwords_lock_the_account_out(editor):
    client = Client()
    for _ in range(4):
        assert attempt(client, "eddie-editor", "wrong").status_code == 200  # the form again
    assert attempt(client, "eddie-editor", "wrong").status_code == 429  # the fifth locks

    locked = attempt(client, "eddie-editor", "pw")  # even the right password now

    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_successful_login_resets_the_count(editor):
    client = Client()
    for _ in range(4):
        attempt(client, "eddie-editor", "wrong")

    assert attempt(client, "eddie-editor", "pw").status_code == 302
    client.logout()
    for _ in range(4):
        attempt(client, "eddie-editor", "wrong")
    assert attempt(client, "eddie-editor", "pw").status_code == 302


def test_lockout_is_per_account(editor, writer):
    client = Client()
    for _ in range(5):
        attempt(client, "eddie-editor", "wrong")

    assert attempt(client, "wanda-writer", "pw").status_code == 302


def test_login_form_is_protected_by_csrf(editor):
    client = Client(enforce_csrf_checks=True)

    response = attempt(client, "eddie-editor", "pw")

    assert response.status_code == 403
