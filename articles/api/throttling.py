from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class RateFromSettings(SimpleRateThrottle):
    """Reads its rate when used, so a settings change (or a test) takes effect at once."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonymousThrottle(RateFromSettings):
    """Callers without a token, per IP address (NEWSROOM_API_THROTTLE_ANONYMOUS)."""

    scope = "anonymous"

    def get_cache_key(self, request, view):
        if request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenThrottle(RateFromSettings):
    """Each token on its own (NEWSROOM_API_THROTTLE_TOKEN)."""

    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": f"token-{request.auth.pk}"}
