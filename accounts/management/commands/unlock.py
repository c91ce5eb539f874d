from axes.utils import reset
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Unlock an account locked after repeated failed sign-ins (from every address), or every account with --all."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?")
        parser.add_argument("--all", action="store_true", help="Every locked account and address.")

    def handle(self, *args, username, all, **options):
        if not username and not all:
            raise CommandError("Name an account, or give --all.")
        count = reset() if all else reset(username=username)
        self.stdout.write(f"Removed {count} recorded failed sign-in(s); {username or 'every account'} may sign in again.")
