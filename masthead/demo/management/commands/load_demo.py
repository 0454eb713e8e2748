from django.core.management.base import BaseCommand

from masthead.demo.content import load_demo
from masthead.news.models import HomePage


class Command(BaseCommand):
    help = "Load the demo site (The Frontline Dispatch) into an empty database."

    def handle(self, *args, **options):
        if HomePage.objects.exists():
            self.stdout.write("Demo content: the database already has a site; nothing loaded.")
            return
        summary = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {summary}"))
