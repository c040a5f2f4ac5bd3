"""Importing plain-text article files from the admin: the same importer, as drafts."""

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from ..importing import ArticleFile, ImportContext, import_file
from ..models import Section

UPLOAD_FOLDER = "uploads"  # the folder name becomes part of each file's import identity


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(file, initial) for file in files if file]


class ArticleUploadForm(forms.Form):
    files = MultipleFileField(
        help_text="Plain-text articles (.txt): the headline on the first line, then the "
        "paragraphs. Each becomes a draft; uploading a file with the same name again updates "
        "its draft."
    )
    section = forms.ModelChoiceField(
        Section.objects.all(), required=False, empty_label="News (the default)"
    )
    tags = forms.CharField(required=False, help_text="Comma-separated, added to every draft.")


class ArticleUploadMixin:
    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ArticleUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            outcomes = import_uploads(
                form.cleaned_data["files"],
                by=request.user,
                section=form.cleaned_data["section"],
                tags=[tag.strip() for tag in form.cleaned_data["tags"].split(",") if tag.strip()],
            )
            for outcome in outcomes:
                if outcome.result == "failed":
                    messages.error(
                        request, f"{outcome.path.name} was not imported: it {outcome.error}"
                    )
                else:
                    messages.success(
                        request, f"{outcome.path.name}: {outcome.result} “{outcome.article}”."
                    )
            return redirect("admin:articles_article_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Import articles from text files",
            "opts": self.opts,
            "form": form,
        }
        return TemplateResponse(request, "admin/articles/article/upload.html", context)


def import_uploads(uploaded_files, *, by, section=None, tags=()):
    """Run uploaded files through the importer; each becomes (or updates) a draft."""
    context = ImportContext()
    outcomes = []
    with tempfile.TemporaryDirectory() as folder:
        for uploaded in uploaded_files:
            path = Path(folder) / UPLOAD_FOLDER / Path(uploaded.name).name
            path.parent.mkdir(exist_ok=True)
            with path.open("wb") as destination:
                for chunk in uploaded.chunks():
                    destination.write(chunk)
            outcomes.append(
                import_file(
                    ArticleFile(path),
                    section=section.name if section else None,
                    tags=tags,
                    by=by,
                    context=context,
                )
            )
    return outcomes
