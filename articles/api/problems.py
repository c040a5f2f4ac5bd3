"""
Errors as RFC 9457 problem details (application/problem+json).

Every error the API returns has `type`, `title`, `status` and `detail`; validation errors
add `errors`, one entry per message, each with a JSON `pointer` into the request body or
the query `parameter` it is about.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from .. import publishing

MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:newsroom:problem:"


class InvalidParameters(exceptions.ValidationError):
    """A validation error about query parameters rather than the request body."""

    default_detail = "A query parameter is not valid."


class WorkflowConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The action does not apply to the article as it is."
    default_code = "workflow"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The article has changed since the version named in If-Match."
    default_code = "precondition-failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        "Send If-Match with the ETag of the version you edited (from a GET), so that "
        "nobody's changes are overwritten unseen."
    )
    default_code = "precondition-required"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "payload-too-large"


TITLES = {
    "invalid": "Your request is not valid",
    "parse_error": "The request body could not be read",
    "not_authenticated": "Authentication needed",
    "authentication_failed": "Authentication failed",
    "permission_denied": "Not allowed",
    "not_found": "Not found",
    "method_not_allowed": "Method not allowed",
    "not_acceptable": "Not acceptable",
    "unsupported_media_type": "Unsupported media type",
    "throttled": "Too many requests",
    "workflow": "Not possible in the article's current state",
    "edit-conflict": "Someone else saved the article first",
    "precondition-failed": "Precondition failed",
    "precondition-required": "Precondition required",
    "payload-too-large": "Request body too large",
}


def exception_handler(exc, context):
    """DRF's exception handler, speaking problem+json, with the workflow's errors mapped."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(
            *exc.args or ("There is no such resource, or you may not see it.",)
        )
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    elif isinstance(exc, publishing.EditConflict):
        exc = PreconditionFailed(str(exc), code="edit-conflict")
    elif isinstance(exc, publishing.WorkflowError):
        exc = WorkflowConflict(str(exc))
    if not isinstance(exc, exceptions.APIException):
        return None

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = f"{exc.wait:.0f}"
    request = context.get("request")
    set_rollback()
    return problem_response(
        exc, instance=request.get_full_path() if request else None, headers=headers
    )


def problem_response(exc, *, instance=None, headers=None):
    code = _code(exc)
    body = {
        "type": TYPE_PREFIX + code.replace("_", "-"),
        "title": TITLES.get(code, "Error"),
        "status": exc.status_code,
        "detail": _detail(exc),
    }
    if instance:
        body["instance"] = instance
    if isinstance(exc, exceptions.ValidationError):
        key = "parameter" if isinstance(exc, InvalidParameters) else "pointer"
        body["errors"] = [
            {key: location, "detail": message}
            for location, message in _flatten(exc.detail, key == "pointer")
        ]
    return Response(body, status=exc.status_code, headers=headers, content_type=MEDIA_TYPE)


def _code(exc):
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def _detail(exc):
    if isinstance(exc, InvalidParameters):
        return "A query parameter is not valid; see `errors`."
    if isinstance(exc, exceptions.ValidationError):
        return "The request body is not valid; see `errors` for each field."
    return str(exc.detail)


def _flatten(detail, as_pointer, path=()):
    """[(location, message)] for DRF's nested error detail (dicts, lists, strings)."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            step = () if key == "non_field_errors" else (str(key),)
            yield from _flatten(value, as_pointer, (*path, *step))
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        for index, value in enumerate(detail):
            if value:
                yield from _flatten(value, as_pointer, (*path, str(index)))
    elif isinstance(detail, list):
        for message in detail:
            yield _location(path, as_pointer), str(message)
    else:
        yield _location(path, as_pointer), str(detail)


def _location(path, as_pointer):
    if as_pointer:
        escaped = (part.replace("~", "~0").replace("/", "~1") for part in path)
        return "#" + "".join(f"/{part}" for part in escaped)
    return ".".join(path)
