from django import forms
from django.conf import settings

from ..sanitize import strip_control_characters


class TagAutocompleteWidget(forms.SelectMultiple):
    """The admin's own select2, suggesting existing tags as you type and accepting new ones."""

    def __init__(self, suggestions_url, attrs=None):
        super().__init__(attrs={"class": "admin-tag-autocomplete", **(attrs or {})})
        self.suggestions_url = suggestions_url

    def get_context(self, name, value, attrs):
        # The only options are the article's current tags; the rest arrive by AJAX.
        self.choices = [(tag, tag) for tag in value or ()]
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-suggestions-url"] = self.suggestions_url
        return context

    def format_value(self, value):
        return [getattr(tag, "name", tag) for tag in value or ()]

    @property
    def media(self):
        extra = "" if settings.DEBUG else ".min"
        return forms.Media(
            js=(
                f"admin/js/vendor/jquery/jquery{extra}.js",
                f"admin/js/vendor/select2/select2.full{extra}.js",
                "admin/js/jquery.init.js",
                "articles/admin/tag-autocomplete.js",
            ),
            css={
                "screen": ("admin/css/vendor/select2/select2.min.css", "admin/css/autocomplete.css")
            },
        )


class TagNamesField(forms.MultipleChoiceField):
    """A list of tag names; names that are not tags yet become new tags."""

    def valid_value(self, value):
        return True

    def clean(self, value):
        # Names are not checked against choices, so nothing else keeps NUL and other control
        # characters out of new tags (PostgreSQL refuses NUL outright).
        names = [strip_control_characters(name).strip() for name in super().clean(value)]
        return list(dict.fromkeys(name[:100] for name in names if name))
