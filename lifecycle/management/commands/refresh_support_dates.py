from django.core.management.base import BaseCommand, CommandError

from lifecycle import support_data
from lifecycle.models import Component


class Command(BaseCommand):
    help = ("Refresh the endoflife.date snapshot over the network (the products in the snapshot and those "
            "components name), or with --offline load the shipped snapshot only.")

    def add_arguments(self, parser):
        parser.add_argument("--offline", action="store_true", help="Only load the shipped snapshot.")
        parser.add_argument("--url", default=support_data.API, help="API address with {product}.")

    def handle(self, *args, offline, url, **options):
        if offline:
            self.stdout.write(f"Loaded {support_data.load()} release cycles from the snapshot.")
            return
        named = Component.objects.exclude(product="").values_list("product", flat=True)
        try:
            count = support_data.refresh(url=url, extra=named)
        except OSError as error:
            raise CommandError(
                f"endoflife.date could not be reached ({error}); the snapshot is unchanged and still in use."
            ) from error
        self.stdout.write(f"Refreshed: {count} release cycles.")
