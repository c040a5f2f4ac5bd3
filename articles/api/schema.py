"""OpenAPI additions drf-spectacular cannot infer: the problem+json error responses."""

PROBLEM = {
    "type": "object",
    "description": "An RFC 9457 problem; see the README's “Errors”.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["detail"],
                "properties": {
                    "detail": {"type": "string"},
                    "pointer": {
                        "type": "string",
                        "description": "Where in the body (JSON Pointer).",
                    },
                    "parameter": {"type": "string", "description": "Which query parameter."},
                },
            },
        },
    },
}

READ_ERRORS = {
    "400": "A query parameter is not valid (see `errors`).",
    "401": "The token is not valid or has been revoked.",
    "404": "No such object, or not one you may see.",
    "406": "No representation matches Accept or ?format=.",
    "429": "Too many requests; wait for Retry-After seconds.",
}
WRITE_ERRORS = {
    **READ_ERRORS,
    "400": "The request body or a query parameter is not valid (see `errors`).",
    "401": "Writing needs a valid token.",
    "403": "The token's account may not do this.",
    "409": "The workflow does not allow this in the article's current state.",
    "412": "If-Match (or If-None-Match: *) does not hold: someone else saved first.",
    "413": "The request body is too large.",
    "415": "Send the body as application/json.",
    "428": "If-Match is required.",
}


def add_problem_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    content = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            errors = READ_ERRORS if method in ("get", "head") else WRITE_ERRORS
            for code, description in errors.items():
                operation["responses"].setdefault(
                    code, {"description": description, "content": content}
                )
    return result
