"""Who may do what in the admin: every admin action, for anonymous visitors, an account that
is not staff, a writer (who owns the draft), another writer, an editor and a superuser.

Each case names the answer each caller gets and whether the database changed: a refusal
must change nothing, and an allowed write must really happen.
"""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from taggit.models import Tag

from articles import publishing
from articles.models import (
    ApiToken,
    Article,
    Author,
    Section,
    WebhookDelivery,
    WebhookSubscription,
)
from tests.conftest import admin_form, logged_in, member_of
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, draft

pytestmark = pytest.mark.django_db

STAFF = ("writer", "other_writer", "editor", "admin")
A = "/admin/articles"


@dataclass
class Case:
    name: str
    method: str
    url: str  # formatted with the objects of the `newsroom` fixture
    expected: dict  # caller → status; callers not named are not asked
    data: object = None  # dict, or callable(objects, editor_client) → dict
    state: object = None  # callable(objects) → what an allowed write changes
    allowed: set = field(default_factory=set)  # callers whose write takes effect


def article_form(url, **changes):
    def data(objects, editor_client):
        return {**admin_form(editor_client, url.format(**objects)), **changes}

    return data


def state_of(model, pk_name=None, field_name=None):
    def state(objects):
        queryset = model.objects.all()
        if pk_name is None:
            return queryset.count()
        row = queryset.filter(pk=objects[pk_name]).values(field_name).first()
        return row and row[field_name]

    return state


def action(name, target):
    return lambda objects, editor_client: {
        "action": name,
        "_selected_action": [objects[target]],
        "post": "yes",  # the confirmation page's answer, for delete_selected
    }


def everyone(status):
    return dict.fromkeys(STAFF, status)


def writers_and_editors(writer, other_writer, editor, admin=None):
    expected = {"writer": writer, "other_writer": other_writer, "editor": editor}
    return expected if admin is None else {**expected, "admin": admin}


CASES = [
    # Articles -----------------------------------------------------------------------------
    Case("article list", "get", f"{A}/article/", everyone(200)),
    Case("article add form", "get", f"{A}/article/add/", everyone(200)),
    Case(
        "article add",
        "post",
        f"{A}/article/add/",
        everyone(302),
        article_form(f"{A}/article/add/", headline="Added", section="{section}"),
        state_of(Article),
        {"writer", "other_writer", "editor", "admin"},
    ),
    Case("draft change form", "get", f"{A}/article/{{draft}}/change/", everyone(200)),
    Case(
        "draft change",
        "post",
        f"{A}/article/{{draft}}/change/",
        writers_and_editors(302, 403, 302, 302),
        article_form(f"{A}/article/{{draft}}/change/", headline="Changed"),
        state_of(Article, "draft", "headline"),
        {"writer", "editor", "admin"},
    ),
    Case(
        "published change",
        "post",
        f"{A}/article/{{published}}/change/",
        writers_and_editors(403, 403, 302, 302),
        article_form(f"{A}/article/{{published}}/change/", headline="Changed"),
        state_of(Article, "published", "headline"),
        {"editor", "admin"},
    ),
    Case(
        "draft delete page",
        "get",
        f"{A}/article/{{draft}}/delete/",
        writers_and_editors(403, 403, 200, 200),
    ),
    Case(
        "draft delete",
        "post",
        f"{A}/article/{{draft}}/delete/",
        writers_and_editors(403, 403, 302, 302),
        {"post": "yes"},
        state_of(Article),
        {"editor", "admin"},
    ),
    # Published articles are withdrawn, never deleted: not even by editors (as in the API).
    Case(
        "published delete page",
        "get",
        f"{A}/article/{{published}}/delete/",
        writers_and_editors(403, 403, 200, 200),
    ),
    Case(
        "published delete",
        "post",
        f"{A}/article/{{published}}/delete/",
        writers_and_editors(403, 403, 403, 403),
        {"post": "yes"},
        state_of(Article),
    ),
    Case("history", "get", f"{A}/article/{{draft}}/history/", everyone(200)),
    Case("compare", "get", f"{A}/article/{{draft}}/history/compare/?a=1&b=2", everyone(200)),
    Case(
        "restore page",
        "get",
        f"{A}/article/{{draft}}/history/1/restore/",
        writers_and_editors(200, 403, 200, 200),
    ),
    Case(
        "restore",
        "post",
        f"{A}/article/{{draft}}/history/1/restore/",
        writers_and_editors(302, 403, 302, 302),
        {},
        state_of(Article, "draft", "headline"),
        {"writer", "editor", "admin"},
    ),
    Case("preview", "get", f"{A}/article/{{draft}}/preview/", everyone(200)),
    Case("import form", "get", f"{A}/article/import/", everyone(200)),
    Case(
        "import",
        "post",
        f"{A}/article/import/",
        everyone(302),
        lambda objects, editor_client: {
            "files": SimpleUploadedFile("story.txt", b"Imported headline\n\nA paragraph.\n")
        },
        state_of(Article),
        {"writer", "other_writer", "editor", "admin"},
    ),
    Case("tag suggestions", "get", f"{A}/article/tag-suggestions/?term=N", everyone(200)),
    Case(
        "bulk submit",
        "post",
        f"{A}/article/",
        everyone(302),
        action("submit_selected", "draft"),
        state_of(Article, "draft", "status"),
        {"writer", "editor", "admin"},
    ),
    Case(
        "bulk publish",
        "post",
        f"{A}/article/",
        everyone(302),
        action("publish_selected", "in_review"),
        state_of(Article, "in_review", "status"),
        {"editor", "admin"},
    ),
    Case(
        "bulk withdraw",
        "post",
        f"{A}/article/",
        everyone(302),
        action("withdraw_selected", "published"),
        state_of(Article, "published", "status"),
        {"editor", "admin"},
    ),
    Case(
        "bulk delete",
        "post",
        f"{A}/article/",
        everyone(302),
        action("delete_selected", "draft"),
        state_of(Article),
        {"editor", "admin"},
    ),
    Case(
        "bulk delete published",
        "post",
        f"{A}/article/",
        writers_and_editors(302, 302, 403, 403),
        action("delete_selected", "published"),
        state_of(Article),
    ),
    # Sections and authors: editors add and change them; nobody deletes one in use.
    *[
        case
        for model, url, data in [
            (Section, f"{A}/section", {"name": "Renamed", "slug": "renamed", "position": 0}),
            (Author, f"{A}/author", {"name": "Renamed", "slug": "renamed"}),
        ]
        for case in [
            Case(f"{model.__name__} list", "get", f"{url}/", everyone(200)),
            Case(
                f"{model.__name__} add",
                "post",
                f"{url}/add/",
                writers_and_editors(403, 403, 302, 302),
                data,
                state_of(model),
                {"editor", "admin"},
            ),
            Case(
                f"{model.__name__} change",
                "post",
                f"{url}/{{{model.__name__.lower()}}}/change/",
                writers_and_editors(403, 403, 302, 302),
                {**data, "slug": "changed"},
                state_of(model, model.__name__.lower(), "slug"),
                {"editor", "admin"},
            ),
            Case(
                f"{model.__name__} delete",
                "post",
                f"{url}/{{{model.__name__.lower()}}}/delete/",
                # A superuser is shown why not: articles use it (PROTECT).
                writers_and_editors(403, 403, 403, 200),
                {"post": "yes"},
                state_of(model),
            ),
        ]
    ],
    # Tags: writers make new ones; editors also rename and delete them.
    Case("tag list", "get", "/admin/taggit/tag/", everyone(200)),
    Case(
        "tag add",
        "post",
        "/admin/taggit/tag/add/",
        everyone(302),
        {"name": "New tag", "slug": "new-tag"},
        state_of(Tag),
        {"writer", "other_writer", "editor", "admin"},
    ),
    Case(
        "tag change",
        "post",
        "/admin/taggit/tag/{tag}/change/",
        writers_and_editors(403, 403, 302, 302),
        {"name": "Renamed", "slug": "renamed"},
        state_of(Tag, "tag", "slug"),
        {"editor", "admin"},
    ),
    Case(
        "tag delete",
        "post",
        "/admin/taggit/tag/{tag}/delete/",
        writers_and_editors(403, 403, 302, 302),
        {"post": "yes"},
        state_of(Tag),
        {"editor", "admin"},
    ),
    # Integrations: API tokens and webhooks are for administrators only.
    Case("token list", "get", f"{A}/apitoken/", writers_and_editors(403, 403, 403, 200)),
    Case(
        "token add",
        "post",
        f"{A}/apitoken/add/",
        writers_and_editors(403, 403, 403, 302),
        lambda objects, editor_client: {"user": objects["writer"], "name": "New token"},
        state_of(ApiToken),
        {"admin"},
    ),
    Case(
        "token change",
        "post",
        f"{A}/apitoken/{{token}}/change/",
        writers_and_editors(403, 403, 403, 302),
        {"name": "Renamed", "embargo_access": "on"},
        state_of(ApiToken, "token", "embargo_access"),
        {"admin"},
    ),
    Case(
        "token revoke",
        "post",
        f"{A}/apitoken/",
        writers_and_editors(403, 403, 403, 302),
        action("revoke_selected", "token"),
        state_of(ApiToken, "token", "revoked_at"),
        {"admin"},
    ),
    Case(
        "token delete",
        "post",
        f"{A}/apitoken/{{token}}/delete/",
        writers_and_editors(403, 403, 403, 302),
        {"post": "yes"},
        state_of(ApiToken),
        {"admin"},
    ),
    Case(
        "webhook list", "get", f"{A}/webhooksubscription/", writers_and_editors(403, 403, 403, 200)
    ),
    Case(
        "webhook add",
        "post",
        f"{A}/webhooksubscription/add/",
        writers_and_editors(403, 403, 403, 302),
        {
            "name": "Partner",
            "url": "https://partner.example/hook",
            "events": ["article.published"],
            "secret": "whsec_test",
            "is_active": "on",
        },
        state_of(WebhookSubscription),
        {"admin"},
    ),
    Case(
        "webhook change",
        "post",
        f"{A}/webhooksubscription/{{subscription}}/change/",
        writers_and_editors(403, 403, 403, 302),
        {
            "name": "Changed",
            "url": "https://attacker.example/hook",
            "events": ["article.published"],
            "secret": "whsec_changed",
        },
        state_of(WebhookSubscription, "subscription", "url"),
        {"admin"},
    ),
    Case(
        "webhook delete",
        "post",
        f"{A}/webhooksubscription/{{subscription}}/delete/",
        writers_and_editors(403, 403, 403, 302),
        {"post": "yes"},
        state_of(WebhookSubscription),
        {"admin"},
    ),
    Case("delivery log", "get", f"{A}/webhookdelivery/", writers_and_editors(403, 403, 403, 200)),
    Case(
        "delivery replay",
        "post",
        f"{A}/webhookdelivery/",
        writers_and_editors(403, 403, 403, 302),
        action("replay_selected", "delivery"),
        state_of(WebhookDelivery),
        {"admin"},
    ),
    # Accounts and groups: administrators only.
    Case("accounts", "get", "/admin/auth/user/", writers_and_editors(403, 403, 403, 200)),
    Case(
        "account change",
        "post",
        "/admin/auth/user/{writer}/change/",
        writers_and_editors(403, 403, 403, 200),
        {"username": "wanda-writer", "is_superuser": "on"},
        state_of(User, "writer", "is_superuser"),
    ),
    Case("groups", "get", "/admin/auth/group/", writers_and_editors(403, 403, 403, 200)),
]


@pytest.fixture(scope="module")
def newsroom(django_db_setup, django_db_blocker):
    """Made once for the module, in a transaction rolled back at its end; each test runs in
    a savepoint inside it, so every test starts from exactly this."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield make_newsroom()
        transaction.set_rollback(True)


def make_newsroom():
    writer = member_of("Writers", User, "wanda-writer")
    other_writer = member_of("Writers", User, "walt-writer")
    editor = member_of("Editors", User, "eddie-editor")
    admin = User.objects.create_superuser("admin", password="pw")
    section = SectionFactory(name="World", slug="world")
    author = AuthorFactory(name="Olena Kovalenko", slug="olena-kovalenko")
    owned = draft(section=section, created_by=writer, headline="Own draft")
    owned.body = "<p>Second version.</p>"
    publishing.save_article(owned, by=writer)  # revisions 1 and 2, to compare and restore
    owned.body = "<p>Third version.</p>"
    owned.headline = "Own draft, rewritten"
    publishing.save_article(owned, by=writer)
    in_review = draft(section=section, created_by=writer, headline="In review")
    in_review.status = Article.Status.IN_REVIEW
    in_review.save()
    published = ArticleFactory(section=section, created_by=writer, tags=["NATO"], authors=[author])
    token, _ = ApiToken.objects.create_token(user=writer, name="Importer")
    subscription = WebhookSubscription.objects.create(
        name="Partner", url="https://partner.example/hook", events=["article.published"]
    )
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event="article.published", article=published, body="{}"
    )
    return {
        "draft": owned.pk,
        "in_review": in_review.pk,
        "published": published.pk,
        "section": section.pk,
        "author": author.pk,
        "tag": Tag.objects.get(name="NATO").pk,
        "token": token.pk,
        "subscription": subscription.pk,
        "delivery": delivery.pk,
        "writer": writer.pk,
        "users": {
            "writer": writer,
            "other_writer": other_writer,
            "editor": editor,
            "admin": admin,
        },
    }


def run(case, client, objects, editor_client):
    url = case.url.format(**objects)
    if case.method == "get":
        return client.get(url)
    data = case.data(objects, editor_client) if callable(case.data) else case.data
    data = (
        {key: str(value).format(**objects) for key, value in data.items()}
        if (data and not any(isinstance(v, list | SimpleUploadedFile) for v in data.values()))
        else data
    )
    return client.post(url, data or {})


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
@pytest.mark.parametrize("caller", ["anonymous", "not_staff"])
def test_the_admin_is_closed_to_anyone_not_staff(case, caller, newsroom):
    client = Client()
    if caller == "not_staff":
        # An ordinary account (a partner with an API token, say) has no way into the admin.
        client.force_login(User.objects.create_user("partner", password="pw"))
    before = case.state(newsroom) if case.state else None

    response = run(case, client, newsroom, logged_in(newsroom["users"]["editor"]))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    if case.state:
        assert case.state(newsroom) == before


@pytest.mark.parametrize(
    ("case", "caller"),
    [(case, caller) for case in CASES for caller in case.expected],
    ids=[f"{case.name}-{caller}" for case in CASES for caller in case.expected],
)
def test_each_staff_member_may_do_exactly_their_part(case, caller, newsroom):
    client = logged_in(newsroom["users"][caller])
    before = case.state(newsroom) if case.state else None

    response = run(case, client, newsroom, logged_in(newsroom["users"]["editor"]))

    assert response.status_code == case.expected[caller], response.content[:1500]
    if case.state:
        changed = case.state(newsroom) != before
        assert changed == (caller in case.allowed), f"changed: {changed}"


def test_the_roles_are_as_defined(newsroom):
    """The matrix above assumes the Writers and Editors groups of articles/roles.py."""
    writer, editor = newsroom["users"]["writer"], newsroom["users"]["editor"]
    assert set(writer.groups.values_list("name", flat=True)) == {"Writers"}
    assert not writer.has_perm("articles.delete_article")
    assert editor.has_perm("articles.publish_article")
    assert not editor.has_perm("articles.delete_section")
    assert not editor.has_perm("articles.view_apitoken")
    assert Group.objects.filter(name__in=["Writers", "Editors"]).count() == 2


POSTS = [case for case in CASES if case.method == "post"]


@pytest.mark.parametrize("case", POSTS, ids=[case.name for case in POSTS])
def test_every_admin_form_needs_the_csrf_token(case, newsroom):
    admin = newsroom["users"]["admin"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    editor_client = logged_in(newsroom["users"]["editor"])
    before = case.state(newsroom) if case.state else None

    forged = run(case, client, newsroom, editor_client)

    assert forged.status_code == 403
    assert b"CSRF" in forged.content
    if case.state:
        assert case.state(newsroom) == before
    # The same request with the token goes through: the token was all that was missing.
    client.get("/admin/")
    token = client.cookies["csrftoken"].value
    data = case.data(newsroom, editor_client) if callable(case.data) else dict(case.data or {})
    url = case.url.format(**newsroom)
    if not any(isinstance(value, list | SimpleUploadedFile) for value in data.values()):
        data = {key: str(value).format(**newsroom) for key, value in data.items()}
    response = client.post(url, {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == case.expected["admin"]


def test_the_api_ignores_the_admin_session(newsroom):
    """The API authenticates tokens only, so a page that makes a staff member's browser post
    to it (cross-site request forgery) gets nowhere."""
    client = logged_in(newsroom["users"]["editor"])

    response = client.post(
        "/api/v1/articles/",
        '{"headline": "Forged", "section": "world"}',
        content_type="application/json",
    )
    publish = client.post(f"/api/v1/articles/{newsroom['draft']}/publish/")

    assert response.status_code == 401
    assert publish.status_code == 401
    assert not Article.objects.filter(headline="Forged").exists()


def test_the_delete_page_of_a_published_article_says_to_withdraw_it(newsroom):
    client = logged_in(newsroom["users"]["editor"])

    page = client.get(f"{A}/article/{newsroom['published']}/delete/").content.decode()

    assert "published article (withdraw it instead)" in page
