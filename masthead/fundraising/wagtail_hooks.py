"""Fundraising in the Wagtail admin: monthly goals (editable) and the ledger (append-only:
staff add entries, nobody edits or deletes one)."""

from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail import hooks

from masthead.admin_views import ActionCreateView, ActionEditView
from masthead.fundraising.actions import do_record_entry, do_set_goal
from masthead.fundraising.forms import LedgerEntryForm, MonthlyGoalForm
from masthead.fundraising.models import LedgerEntry, MonthlyGoal


class AppendOnlyPolicy(ModelPermissionPolicy):
    """Nobody, superusers included, may change or delete a ledger entry."""

    def user_has_permission(self, user, action):
        return action not in ("change", "delete") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(LedgerEntry, AppendOnlyPolicy(LedgerEntry))


class GoalSaveMixin:
    def save_instance(self):
        data = self.form.cleaned_data
        return do_set_goal(month=data["month"], amount_minor=data["amount_minor"], currency=data["currency"])


class GoalCreateView(GoalSaveMixin, ActionCreateView):
    pass


class GoalEditView(GoalSaveMixin, ActionEditView):
    pass


class LedgerCreateView(ActionCreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return do_record_entry(
            kind=data["kind"],
            amount_minor=self.form.signed_amount_minor(),
            currency=data["currency"],
            occurred_at=data["occurred_at"],
            method=data["method"],
            donor_name=data["donor_name"],
            donor_email=data["donor_email"],
            note=data["note"],
            recorded_by=self.request.user,
        )


class MonthlyGoalViewSet(ModelViewSet):
    model = MonthlyGoal
    form_class = MonthlyGoalForm
    add_view_class = GoalCreateView
    edit_view_class = GoalEditView
    icon = "success"
    menu_label = "Monthly goals"
    url_prefix = "fundraising/goals"
    list_display = ["month", "__str__"]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return MonthlyGoalForm


class LedgerEntryViewSet(ModelViewSet):
    model = LedgerEntry
    add_view_class = LedgerCreateView
    icon = "list-ul"
    menu_label = "Donations ledger"
    url_prefix = "fundraising/ledger"
    list_display = ["occurred_at", "kind", "__str__", "method", "donor_name", "recorded_by"]
    list_filter = ["kind", "method", "currency"]
    search_fields = ["donor_name", "note", "external_id"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return LedgerEntryForm


class FundraisingGroup(ModelViewSetGroup):
    menu_label = "Fundraising"
    menu_icon = "pick"
    items = (MonthlyGoalViewSet("goals"), LedgerEntryViewSet("ledger"))


@hooks.register("register_admin_viewset")
def register_fundraising():
    return FundraisingGroup()
