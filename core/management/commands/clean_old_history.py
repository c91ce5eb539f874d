from django.core.management.base import BaseCommand, CommandError

REFUSAL = ("The change history is the region's record, the one an auditor reads; Styr does not delete it. "
           "This command of django-simple-history is disabled on purpose.")


class Command(BaseCommand):
    """Replaces django-simple-history's command of the same name (core comes first in INSTALLED_APPS)."""

    help = "Disabled: Styr keeps every history record."

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*")
        parser.add_argument("--auto", action="store_true")
        parser.add_argument("--days", type=int)
        parser.add_argument("--dry", action="store_true")

    def handle(self, *args, **options):
        raise CommandError(REFUSAL)
