from . import articles  # noqa: F401  (registers the models with the admin site)
from .integrations import ApiTokenAdmin  # noqa: F401  (and the integrations' models)
