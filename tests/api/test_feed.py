"""The change feed: every change, once, in order, even while editors keep writing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles import publishing
from articles.models import Article
from tests.factories import ArticleFactory, draft

pytestmark = pytest.mark.django_db

SETTLE = timedelta(seconds=10)
FEED = "/api/v1/articles/changes/"


@pytest.fixture(autouse=True)
def settle(settings):
    settings.NEWSROOM_API = {**settings.NEWSROOM_API, "FEED_SETTLE_SECONDS": SETTLE.seconds}


def drain(api, cursor="", limit=2):
    """Follow the feed to its end; returns (changes, cursor) like a syncing client."""
    changes = []
    while True:
        response = api.get(f"{FEED}?limit={limit}&cursor={cursor}")
        assert response.status_code == 200, response.content
        page = response.json()
        changes += page["results"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return changes, cursor
        assert 'rel="next"' in response["Link"]


def at(moment, time_machine):
    time_machine.move_to(moment, tick=False)


def test_a_client_syncs_every_article_once_in_order(anonymous_api, section, time_machine):
    start = timezone.now()
    for minute in range(7):
        at(start + timedelta(minutes=minute), time_machine)
        ArticleFactory(section=section, published_at=start - timedelta(hours=1))
    at(start + timedelta(minutes=10), time_machine)

    changes, _ = drain(anonymous_api)

    ids = [change["id"] for change in changes]
    assert sorted(ids) == sorted(Article.objects.values_list("pk", flat=True))
    assert len(ids) == len(set(ids))
    assert [change["changed_at"] for change in changes] == sorted(c["changed_at"] for c in changes)
    assert all(change["visible"] and change["article"]["id"] == change["id"] for change in changes)


def test_a_change_is_withheld_until_it_settles(anonymous_api, section, time_machine):
    ArticleFactory(section=section)

    assert drain(anonymous_api)[0] == []

    at(timezone.now() + SETTLE + timedelta(seconds=1), time_machine)
    assert len(drain(anonymous_api)[0]) == 1


def test_a_transaction_that_commits_late_is_not_skipped(anonymous_api, section, time_machine):
    """Writer A stamps modified_at at t0 but commits after writer B (stamped t0+3s) has
    committed and a client has synced: A must still reach the client, after B's position."""
    t0 = timezone.now()
    at(t0 + timedelta(seconds=3), time_machine)
    b = ArticleFactory(section=section, headline="B")

    at(t0 + timedelta(seconds=6), time_machine)  # a client syncs while A is uncommitted
    seen, cursor = drain(anonymous_api)
    assert seen == []  # B is younger than the settle time: held back

    a = ArticleFactory(section=section, headline="A")  # A commits now ...
    Article.objects.filter(pk=a.pk).update(modified_at=t0)  # ... stamped when it began

    at(t0 + SETTLE + timedelta(seconds=4), time_machine)
    seen, _ = drain(anonymous_api, cursor)
    assert [change["id"] for change in seen] == [a.pk, b.pk]


def test_a_scheduled_article_enters_the_feed_at_its_time(anonymous_api, section, time_machine):
    go_live = timezone.now() + timedelta(hours=1)
    scheduled = ArticleFactory(section=section, published_at=go_live)
    at(timezone.now() + timedelta(minutes=1), time_machine)
    seen, cursor = drain(anonymous_api)
    assert seen == []

    at(go_live + SETTLE + timedelta(seconds=1), time_machine)
    seen, cursor = drain(anonymous_api, cursor)

    assert [(change["id"], change["visible"]) for change in seen] == [(scheduled.pk, True)]
    assert seen[0]["changed_at"] == go_live.isoformat().replace("+00:00", "Z")
    assert drain(anonymous_api, cursor)[0] == []  # and only once


def test_a_withdrawn_article_comes_back_as_a_tombstone(
    anonymous_api, editor, section, time_machine
):
    article = draft(section=section)
    publishing.publish(article, by=editor)
    at(timezone.now() + SETTLE * 2, time_machine)
    seen, cursor = drain(anonymous_api)
    assert [change["visible"] for change in seen] == [True]

    publishing.withdraw(article, by=editor)
    at(timezone.now() + SETTLE * 2, time_machine)
    seen, cursor = drain(anonymous_api, cursor)

    assert seen == [
        {"id": article.pk, "changed_at": seen[0]["changed_at"], "visible": False, "article": None}
    ]


def test_an_expiry_is_a_change_at_its_time(anonymous_api, section, time_machine):
    expires = timezone.now() + timedelta(hours=1)
    article = ArticleFactory(section=section, expires_at=expires, first_published_at=timezone.now())
    at(timezone.now() + SETTLE * 2, time_machine)
    _, cursor = drain(anonymous_api)

    at(expires + SETTLE * 2, time_machine)
    seen, _ = drain(anonymous_api, cursor)

    assert [(change["id"], change["visible"]) for change in seen] == [(article.pk, False)]


def test_drafts_never_appear_to_the_public(anonymous_api, editor_api, section, time_machine):
    hidden = draft(section=section)
    at(timezone.now() + SETTLE * 2, time_machine)

    assert drain(anonymous_api)[0] == []
    assert [change["id"] for change in drain(editor_api)[0]] == [hidden.pk]


def test_fields_apply_to_the_articles_in_the_feed(anonymous_api, section, time_machine):
    ArticleFactory(section=section)
    at(timezone.now() + SETTLE * 2, time_machine)

    change = anonymous_api.get(f"{FEED}?fields=id,headline").json()["results"][0]

    assert set(change["article"]) == {"id", "headline"}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("cursor=nonsense", "cursor"), ("limit=0", "limit"), ("limit=101", "limit")],
)
def test_bad_cursor_or_limit_is_a_400(anonymous_api, query, parameter):
    response = anonymous_api.get(f"{FEED}?{query}")

    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == parameter
