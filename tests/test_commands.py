from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_create_admin_user_prints_a_random_password_once():
    first, second = StringIO(), StringIO()

    call_command("create_admin_user", stdout=first)
    call_command("create_admin_user", stdout=second)

    password = first.getvalue().split("with password: ")[1].split()[0]
    user = get_user_model().objects.get()
    assert user.is_superuser and user.username == "admin"
    assert user.check_password(password)
    assert len(password) >= 16
    assert password not in second.getvalue()
    assert "already exists" in second.getvalue()
    assert "changepassword admin" in second.getvalue()


def test_create_admin_user_passwords_differ_between_installs():
    out = StringIO()
    call_command("create_admin_user", stdout=out)
    get_user_model().objects.all().delete()
    call_command("create_admin_user", stdout=out)

    passwords = [part.split()[0] for part in out.getvalue().split("with password: ")[1:]]
    assert len(set(passwords)) == 2
