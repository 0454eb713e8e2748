"""Shared pieces for admin views whose saves go through a durable action (actions.py).

Wagtail's create/edit views wrap `save_instance()` in `transaction.atomic()`; an action
opens its own durable transaction and cannot nest, so these views save without the wrapper.
The action is the transaction.
"""

from wagtail.admin.views import generic


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
