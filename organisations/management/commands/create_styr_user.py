from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from organisations.models import Membership, Organisation


class Command(BaseCommand):
    help = "Create a local account: an administrator, or an editor of one organisation, or a reader."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", required=True)
        parser.add_argument("--admin", action="store_true", help="Administrator of the whole register.")
        parser.add_argument("--editor-of", metavar="CODE", help="Code of the organisation the user edits for.")
        parser.add_argument("--name", default="", help="Full name.")

    @transaction.atomic
    def handle(self, *args, username, password, admin, editor_of, name, **options):
        users = get_user_model()
        if users.objects.filter(username=username).exists():
            raise CommandError(f"A user called {username} exists already.")
        organisation = None
        if editor_of:
            organisation = Organisation.objects.filter(code=editor_of).first()
            if organisation is None:
                raise CommandError(f"No organisation has the code {editor_of}.")
        first, _, last = name.partition(" ")
        user = users.objects.create_user(username, password=password, first_name=first, last_name=last,
                                         is_staff=admin, is_superuser=admin)
        if organisation:
            Membership.objects.create(user=user, organisation=organisation)
        role = "administrator" if admin else f"editor of {organisation}" if organisation else "reader"
        self.stdout.write(f"Created {username} ({role}).")
