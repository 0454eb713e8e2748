"""Background work (django-tasks): handling a Stripe event again, and sending a receipt.

Both only call an action; what they do is in actions.py. The database (or Redis) queue runs
them in `masthead worker`; the tests run them at once (ImmediateBackend).
"""

from django_tasks import task


@task()
def process_stripe_event(event_pk: int) -> None:
    from masthead.fundraising.actions import do_process_stripe_event

    do_process_stripe_event(event_pk)


@task()
def send_receipt(entry_pk: int) -> None:
    from masthead.fundraising.actions import do_send_receipt

    do_send_receipt(entry_pk)
