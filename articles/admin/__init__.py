from . import (
    articles,  # noqa: F401  (registers the models with the admin site)
    integrations,  # noqa: F401
)
