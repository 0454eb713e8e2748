"""Fundraising in the Wagtail admin: the report, monthly goals and exchange rates (editable),
the ledger (append-only: staff add entries and correct them with "Correct this entry", nobody
edits or deletes one; CSV/XLSX export), and the Stripe events as received (read-only, with
their status and error)."""

from decimal import Decimal

from django.urls import reverse
from django.utils.functional import cached_property

from django.urls import path
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus import MenuItem as RowMenuItem
from wagtail.admin.widgets.button import Button
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from masthead.fundraising.admin_views import ActionCreateView, ActionEditView, correct_entry
from masthead.fundraising import admin_reports
from masthead.fundraising.actions import do_record_entry, do_set_goal, do_set_rate
from masthead.fundraising.forms import ExchangeRateForm, LedgerEntryForm, MonthlyGoalForm
from masthead.fundraising.models import ExchangeRate, LedgerEntry, MonthlyGoal, StripeEvent


class AppendOnlyPolicy(ModelPermissionPolicy):
    """Nobody, superusers included, may change or delete a row of this model."""

    def user_has_permission(self, user, action):
        return action not in ("change", "delete") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ReadOnlyPolicy(AppendOnlyPolicy):
    """Rows written by the system only: staff may look, not add."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


register_permission_policy(LedgerEntry, AppendOnlyPolicy(LedgerEntry))
register_permission_policy(StripeEvent, ReadOnlyPolicy(StripeEvent))


class GoalSaveMixin:
    def save_instance(self):
        data = self.form.cleaned_data
        return do_set_goal(month=data["month"], amount_minor=data["amount_minor"], currency=data["currency"])


class GoalCreateView(GoalSaveMixin, ActionCreateView):
    pass


class GoalEditView(GoalSaveMixin, ActionEditView):
    pass


class RateSaveMixin:
    def save_instance(self):
        data = self.form.cleaned_data
        return do_set_rate(month=data["month"], currency=data["currency"], rate=data["rate"], set_by=self.request.user)


class RateCreateView(RateSaveMixin, ActionCreateView):
    pass


class RateEditView(RateSaveMixin, ActionEditView):
    pass


class LedgerCreateView(ActionCreateView):
    def get_success_buttons(self):
        # Wagtail's "Edit" button would lead to "permission denied": an entry is never
        # edited (a mistake is put right by a new entry).
        return []

    def save_instance(self):
        data = self.form.cleaned_data
        return do_record_entry(
            kind=data["kind"],
            amount_minor=self.form.signed_amount_minor(),
            currency=data["currency"],
            occurred_at=data["occurred_at"],
            method=data["method"],
            frequency=data["frequency"],
            donor_name=data["donor_name"],
            donor_email=data["donor_email"],
            show_publicly=data["show_publicly"],
            message=data["message"],
            note=data["note"],
            recorded_by=self.request.user,
            send_receipt=data["send_receipt"],
        )


def correct_url(entry):
    """The "Correct this entry" page, for entries staff may correct (None otherwise)."""
    return reverse("ledger:correct", args=[entry.pk]) if entry.why_not_correctable() is None else None


class LedgerIndexView(IndexView):
    # Text a donor or staff member typed; a spreadsheet must not run it as a formula.
    TYPED_FIELDS = {"donor_name", "donor_email", "message", "note", "correction_text"}

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("add") and (url := correct_url(instance)):
            buttons.append(RowMenuItem("Correct this entry", url=url, icon_name="undo", priority=15))
        return buttons

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == "xlsx" and field == "amount_major":
            # A number in the spreadsheet (SUM works on it), exact: the decimal string of
            # integer minor units; the currency is its own column.
            return Decimal(value)
        if field in self.TYPED_FIELDS and isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
        return value


class LedgerInspectView(InspectView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.user_has_permission("add") and (url := correct_url(self.object)):
            buttons.append(Button("Correct this entry", url=url, icon_name="undo", priority=15))
        return buttons


class MonthlyGoalViewSet(ModelViewSet):
    model = MonthlyGoal
    form_class = MonthlyGoalForm
    add_view_class = GoalCreateView
    edit_view_class = GoalEditView
    icon = "success"
    menu_label = "Monthly goals"
    list_display = ["month", "__str__"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return MonthlyGoalForm


class ExchangeRateViewSet(ModelViewSet):
    model = ExchangeRate
    add_view_class = RateCreateView
    edit_view_class = RateEditView
    icon = "resubmit"
    menu_label = "Exchange rates"
    list_display = ["month", "currency", "__str__", "set_by", "updated_at"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ExchangeRateForm


class LedgerEntryViewSet(ModelViewSet):
    model = LedgerEntry
    add_view_class = LedgerCreateView
    index_view_class = LedgerIndexView
    icon = "list-ul"
    menu_label = "Donations ledger"
    list_display = ["occurred_at", "kind", "amount_text", "frequency", "method", "donor_name", "source", "correction_text"]
    list_filter = ["kind", "frequency", "method", "currency"]
    search_fields = ["donor_name", "note", "external_id", "payment_ref"]
    list_export = ["reference", "occurred_at", "kind", "frequency", "amount_major", "currency", "amount_minor", "method",
                   "donor_name", "donor_email", "show_publicly", "message", "note", "source", "external_id", "payment_ref",
                   "customer_ref", "subscription_ref", "correction_text", "created_at"]
    export_headings = {"amount_minor": "Amount (minor units)", "external_id": "Payment key"}
    export_filename = "donations-ledger"
    inspect_view_enabled = True
    inspect_view_class = LedgerInspectView
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return LedgerEntryForm

    def get_queryset(self, request):
        # What the list shows and what decides "Correct this entry", in the list's one query.
        return LedgerEntry.objects.select_related("recorded_by", "stripe_event", "corrects", "replaces", "correction")

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("correct/<int:pk>/", correct_entry, name="correct")]


class StripeEventViewSet(ModelViewSet):
    model = StripeEvent
    icon = "cogs"
    menu_label = "Stripe events"
    list_display = ["received_at", "type", "status", "note", "attempts", "event_id"]
    list_filter = ["status", "type"]
    search_fields = ["event_id", "note"]
    inspect_view_enabled = True
    inspect_view_fields = ["event_id", "type", "status", "note", "error", "attempts", "next_attempt_at", "waiting_for",
                           "api_version", "livemode", "created_at", "received_at", "processed_at", "payload"]
    copy_view_enabled = False
    form_fields = ["note"]  # never saved: the policy allows no add or change


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_reports.can_view(request.user)


class ReportViewSet(ViewSet):
    icon = "pick"
    menu_label = "Report"
    menu_item_class = ReportMenuItem

    def get_urlpatterns(self):
        return [path("", admin_reports.report, name="index")]


class FundraisingGroup(ModelViewSetGroup):
    menu_label = "Fundraising"
    menu_icon = "pick"
    items = (
        ReportViewSet("fundraising-report"),
        MonthlyGoalViewSet("goals"),
        LedgerEntryViewSet("ledger"),
        ExchangeRateViewSet("exchange-rates"),
        StripeEventViewSet("stripe-events"),
    )


@hooks.register("register_admin_viewset")
def register_fundraising():
    return FundraisingGroup()
