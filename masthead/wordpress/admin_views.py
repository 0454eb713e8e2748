"""The admin page for a small export: upload the .xml, the import runs in the request, the
report (or the error, with its line and column) is shown on the page. Superusers only: an
import creates pages, comments and redirects across the whole site. Larger exports go
through `masthead import-wordpress` (a request would time out)."""

import tempfile

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from masthead.wordpress import importer
from masthead.wordpress.wxr import WXRError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ImportForm(forms.Form):
    export = forms.FileField(label="WordPress export (.xml)", help_text="WordPress → Tools → Export → All content. Up to 20 MB here; larger files with `masthead import-wordpress`.")
    dry_run = forms.BooleanField(required=False, label="Check only (change nothing)")
    repair = forms.BooleanField(required=False, label="Drop control characters XML does not allow")

    def clean_export(self):
        upload = self.cleaned_data["export"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"This file is {upload.size // (1024 * 1024)} MB; the admin takes up to 20 MB. Use `masthead import-wordpress` on the server.")
        return upload


def import_view(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    report, error = None, ""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with tempfile.NamedTemporaryFile(suffix=".xml") as copy:
            for chunk in form.cleaned_data["export"].chunks():
                copy.write(chunk)
            copy.flush()
            try:
                report = importer.run(copy.name, dry_run=form.cleaned_data["dry_run"], repair=form.cleaned_data["repair"], progress=False)
                report.source = form.cleaned_data["export"].name
            except WXRError as failure:
                error = f"{str(failure).replace(copy.name, form.cleaned_data['export'].name)}. Nothing was imported."
    return TemplateResponse(request, "wordpress/admin/import.html", {
        "form": form, "report": report, "report_lines": report.lines() if report else [], "error": error,
        "header_title": "Import from WordPress",
    }, status=400 if error else 200)
