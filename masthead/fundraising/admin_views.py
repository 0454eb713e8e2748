"""Admin views whose save is a durable action (actions.py).

Wagtail's create/edit views wrap `save_instance()` in `transaction.atomic()`; an action
opens its own durable transaction and cannot nest, so these views save without the wrapper.
The action is the transaction. "Correct this entry" is a plain view for the same reason:
parse → permission → `check_correct_entry` → redirect to the ledger.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from wagtail.admin.views import generic

from masthead.fundraising.actions import CorrectionRefused, check_correct_entry
from masthead.fundraising.forms import LedgerCorrectionForm
from masthead.fundraising.models import LedgerEntry


class ActionSaveMixin:
    def form_valid(self, form):
        self.form = form
        self.object = self.save_instance()
        response = self.save_action()
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else response


class ActionCreateView(ActionSaveMixin, generic.CreateView):
    pass


class ActionEditView(ActionSaveMixin, generic.EditView):
    pass


def correct_entry(request, pk):
    """"Correct this entry": a reason, and the right figures if the gift is to be re-entered."""
    if not request.user.has_perm("fundraising.add_ledgerentry"):
        raise PermissionDenied
    entry = get_object_or_404(LedgerEntry.objects.select_related("stripe_event"), pk=pk)
    form = LedgerCorrectionForm(request.POST or None, entry=entry)
    refusal = entry.why_not_correctable()
    if request.method == "POST" and refusal is None and form.is_valid():
        data = form.cleaned_data
        try:
            reversal, replacement = check_correct_entry(
                entry.pk, reason=data["reason"], recorded_by=request.user, amount_minor=data.get("amount_minor"),
                currency=data["currency"], occurred_at=data["occurred_at"],
            )
        except CorrectionRefused as error:
            refusal = str(error)
        else:
            done = f"Entry {entry.reference} corrected by {reversal.reference} ({reversal.amount_text()})"
            if replacement:
                done += f" and re-entered as {replacement.reference} ({replacement.amount_text()})"
            messages.success(request, done + ".")
            return redirect("ledger:index")
    return TemplateResponse(request, "fundraising/admin/correct_entry.html", {
        "entry": entry, "form": form, "refusal": refusal, "header_title": f"Correct entry {entry.reference}",
    })
