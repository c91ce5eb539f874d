from django.core.management.base import BaseCommand, CommandError

from core import audit
from rules import actions
from services.models import Service
from styr import demo


class Command(BaseCommand):
    help = "Load the demo region (Region Stockholm as the seeds describe it) into an empty register."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing, successfully, when the register already holds services.")

    def handle(self, *args, if_empty, **options):
        if Service.objects.exists():
            if if_empty:
                self.stdout.write("The register already holds services; the demo region was not loaded.")
                return
            raise CommandError("The register is not empty; the demo region goes into an empty one.")
        services = demo.build()
        actions.take_snapshot()  # so the overview shows today's point of the trend from the start
        audit.seal()
        self.stdout.write(f"Demo region loaded: {len(services)} services.")
        self.stdout.write(
            "Sign in as admin (administrator), hsn or slso (editors of HSN / SLSO), rs-sekr (secretariat of "
            "Regionstyrelsen: records its decisions and decides transfers), lasare (reader), revisor (auditor) or "
            "sakerhet (security officer: sees every service's security details), "
            f"password {demo.DEMO_PASSWORD}."
        )
