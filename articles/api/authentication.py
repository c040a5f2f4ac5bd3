from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from ..models import ApiToken


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>` with a token made in the admin or by create_api_token.

    On success request.user is the token's user and request.auth the ApiToken, so
    permissions can read the token's own grants (embargo access).
    """

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as `Authorization: Bearer <token>`, with nothing else."
            )
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("The token is not valid.") from None
        token = ApiToken.objects.authenticate(raw)
        if token is None:
            raise exceptions.AuthenticationFailed("The token is not valid or has been revoked.")
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = TokenAuthentication
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token from the admin or `manage.py create_api_token`.",
        }
