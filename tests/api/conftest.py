import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.test import Client

from articles.models import ApiToken


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()
    yield
    cache.clear()


class Api:
    """The test client speaking JSON, with a token when given one."""

    def __init__(self, token=None):
        self.client = Client()
        self.headers = {"Accept": "application/json"}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def request(self, method, url, data=None, headers=None, **kwargs):
        if data is not None:
            kwargs.update(data=json.dumps(data), content_type="application/json")
        call = getattr(self.client, method)
        return call(url, headers={**self.headers, **(headers or {})}, **kwargs)

    def get(self, url, params=None, **kwargs):
        return self.request("get", url, query_params=params, **kwargs)

    def post(self, url, data=None, **kwargs):
        return self.request("post", url, data if data is not None else {}, **kwargs)

    def put(self, url, data=None, **kwargs):
        return self.request("put", url, data, **kwargs)

    def patch(self, url, data=None, **kwargs):
        return self.request("patch", url, data, **kwargs)

    def delete(self, url, **kwargs):
        return self.request("delete", url, **kwargs)


def user_in(group, username):
    user = User.objects.create_user(username, password="x")
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def writer(db):
    return user_in("Writers", "wanda")


@pytest.fixture
def other_writer(db):
    return user_in("Writers", "walter")


@pytest.fixture
def editor(db):
    return user_in("Editors", "edith")


@pytest.fixture
def partner(db):
    return user_in(None, "partner")


def token_for(user, **kwargs):
    return ApiToken.objects.create_token(user=user, name=f"{user} token", **kwargs)[1]


@pytest.fixture
def anonymous_api(db):
    return Api()


@pytest.fixture
def writer_api(writer):
    return Api(token_for(writer))


@pytest.fixture
def editor_api(editor):
    return Api(token_for(editor))


@pytest.fixture
def partner_api(partner):
    return Api(token_for(partner, embargo_access=True))
