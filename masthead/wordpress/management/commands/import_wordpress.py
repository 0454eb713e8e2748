"""`masthead import-wordpress EXPORT.xml [--uploads DIR] [--dry-run] [--json] [--repair]`."""

import json

from django.core.management.base import BaseCommand, CommandError

from masthead.wordpress import importer
from masthead.wordpress.wxr import WXRError


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): posts, pages, comments, authors, categories, tags, attachments and old links."

    def add_arguments(self, parser):
        parser.add_argument("export", help="the .xml file from WordPress → Tools → Export (All content)")
        parser.add_argument("--uploads", metavar="DIR", help="the old site's wp-content/uploads, to copy attachments from (nothing is fetched over the network)")
        parser.add_argument("--dry-run", action="store_true", help="check the file and report what it holds; change nothing")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument("--repair", action="store_true", help="drop control characters XML does not allow (the report says how many)")
        parser.add_argument("--progress", action="store_true", default=None, help="show the progress bar even when not on a terminal")

    def handle(self, *args, **options):
        try:
            report = importer.run(
                options["export"], uploads=options["uploads"], dry_run=options["dry_run"],
                repair=options["repair"], progress=options["progress"],
            )
        except FileNotFoundError:
            raise CommandError(f"{options['export']}: no such file") from None
        except WXRError as error:
            raise CommandError(f"{error}. Nothing was imported.") from None
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), indent=2, ensure_ascii=False))
        else:
            self.stdout.write("\n".join(report.lines()))
