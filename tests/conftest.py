import lxml.html
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import caches
from django.test import Client

from articles.roles import sync_roles
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory


@pytest.fixture
def section(db):
    return SectionFactory(name="World", slug="world")


@pytest.fixture
def author(db):
    return AuthorFactory(name="Olena Kovalenko", slug="olena-kovalenko")


@pytest.fixture
def article(section, author):
    return ArticleFactory(section=section, tags=["NATO", "Ukraine"], authors=[author])


def member_of(group_name, django_user_model, username):
    # Transactional tests empty every table afterwards, groups made by migrations included.
    sync_roles(Group, Permission)
    user = django_user_model.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def writer(db, django_user_model):
    return member_of("Writers", django_user_model, "wanda-writer")


@pytest.fixture
def other_writer(db, django_user_model):
    return member_of("Writers", django_user_model, "walt-writer")


@pytest.fixture
def editor(db, django_user_model):
    return member_of("Editors", django_user_model, "eddie-editor")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def admin_form(client, url):
    """The fields of the admin form at `url` as a browser would send them."""
    page = lxml.html.fromstring(client.get(url).content)
    form = max(page.forms, key=lambda form: len(form.inputs))
    return {name: value for name, value in form.form_values() if "__prefix__" not in name}


@pytest.fixture
def writer_client(writer):
    return logged_in(writer)


@pytest.fixture
def editor_client(editor):
    return logged_in(editor)


@pytest.fixture(autouse=True)
def empty_caches():
    """Cached pages must not leak from one test into the next."""
    for cache in caches.all(initialized_only=True):
        cache.clear()
