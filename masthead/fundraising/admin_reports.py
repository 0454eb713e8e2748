"""The fundraising report in the Wagtail admin: a chart of raised against the goal per month,
the month-by-month table (one-time, monthly, refunds, disputes, supporters, monthly donors),
its CSV, and the snippet that embeds the goal bar on another site."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from masthead.core.site import absolute_url

from masthead.fundraising import reports
from masthead.fundraising.progress import this_month

RANGES = {"12": 12, "24": 24, "36": 36}


class _Echo:
    def write(self, value):
        return value


def can_view(user) -> bool:
    return user.has_perm("fundraising.view_ledgerentry") or user.has_perm("fundraising.add_ledgerentry")


def report(request):
    if not can_view(request.user):
        raise PermissionDenied
    choice = request.GET.get("months", "12")
    if choice == "all":
        count = reports.count_months(reports.first_month(), this_month())
    else:
        choice = choice if choice in RANGES else "12"
        count = RANGES[choice]
    months = reports.months_back(count)
    rows = reports.monthly_reports(months)
    if request.GET.get("format") == "csv":
        writer = csv.writer(_Echo())
        lines = [writer.writerow(reports.CSV_HEADINGS)] + [writer.writerow(row) for row in reports.csv_rows(rows)]
        response = StreamingHttpResponse(lines, content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="fundraising-{months[0]:%Y-%m}-to-{months[-1]:%Y-%m}.csv"'
        return response
    embed_url = absolute_url(reverse("fundraising:embed"))
    return TemplateResponse(request, "fundraising/admin/report.html", {
        "rows": rows[::-1],  # newest first in the table
        "chart": reports.chart(rows),
        "choice": choice,
        "choices": [*RANGES, "all"],
        "current": rows[-1],
        "embed_snippet": f'<iframe src="{embed_url}" title="Our monthly goal" width="100%" height="110" style="border:0" loading="lazy"></iframe>',
        "progress_url": absolute_url(reverse("fundraising:progress")),
        "header_title": "Fundraising report",
    })
