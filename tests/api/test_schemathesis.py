"""A bounded property-based run of schemathesis against our own OpenAPI schema: no server
error, and every response as the schema describes it.

Each operation gets a fixed number of generated requests: once as generated and
anonymously, and once with an editor's token (who may do everything) aimed at an article
that exists, with `If-Match: *`, so that writes and workflow actions run for real.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import token_for, user_in
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, draft

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Bounds the run: derandomized, so every run sends the same requests however busy the
# machine is (no wall-clock budget, which failed on a loaded CI machine).
EXAMPLES_PER_OPERATION = 12


def test_every_operation_conforms_to_the_schema(settings_override):
    section = SectionFactory(name="World", slug="world")
    public = ArticleFactory(
        section=section, tags=["NATO"], authors=[AuthorFactory(slug="olena")], external_id="wire-1"
    )
    targets = st.sampled_from([public.pk, draft(section=section).pk])
    editor = {"Authorization": f"Bearer {token_for(user_in('Editors', 'fuzz-editor'))}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", WSGIHandler())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20

    for operation in operations:

        @given(case=operation.as_strategy(), target=targets)
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def conforms(case, target):
            case.call_and_validate(checks=CHECKS)
            if "id" in (case.path_parameters or {}) and case.operation.path.startswith(
                "/api/v1/articles/"
            ):
                case.path_parameters = {**case.path_parameters, "id": target}
            case.call_and_validate(checks=CHECKS, headers={**editor, "If-Match": "*"})

        conforms()


@pytest.fixture
def settings_override(settings):
    # Throttling would turn most of this run into 429s.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {}}
    # As Django's test client does: a real WSGI handler would otherwise close the test
    # transaction's connection after each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
