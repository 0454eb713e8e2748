"""The editor's article form: one scheduling clock. Wagtail's go-live date schedules an
article; the displayed date only says when it was published, so a future one is refused
with a sentence pointing at the go-live date."""

from django.utils import timezone
from wagtail.admin.forms import WagtailAdminPageForm

FUTURE_DATE_MESSAGE = (
    "This date is only what readers see. To publish the article later, leave it empty and use "
    "\u201cSet schedule\u201d in the Status side panel (its go-live date/time)."
)


class ArticlePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        date = cleaned.get("date")
        # A minute's grace for clocks and slow typists.
        if date and date > timezone.now() + timezone.timedelta(minutes=1):
            self.add_error("date", FUTURE_DATE_MESSAGE)
        return cleaned
