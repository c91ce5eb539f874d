from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from organisations.models import Membership, Organisation


class Command(BaseCommand):
    help = ("Create a local account: an administrator, an editor of one organisation, the secretariat of a "
            "body (records its decisions, decides what it is entitled to), or a reader.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", required=True)
        parser.add_argument("--admin", action="store_true", help="Administrator of the whole register.")
        parser.add_argument("--editor-of", metavar="CODE", help="Code of the organisation the user edits for.")
        parser.add_argument("--secretariat-of", metavar="CODE", help="Code of the body whose secretariat the user is.")
        parser.add_argument("--name", default="", help="Full name.")

    @transaction.atomic
    def handle(self, *args, username, password, admin, editor_of, secretariat_of, name, **options):
        users = get_user_model()
        if users.objects.filter(username=username).exists():
            raise CommandError(f"A user called {username} exists already.")
        roles = []
        for role, code in ((Membership.Role.EDITOR, editor_of), (Membership.Role.SECRETARIAT, secretariat_of)):
            if code:
                organisation = Organisation.objects.filter(code=code).first()
                if organisation is None:
                    raise CommandError(f"No organisation has the code {code}.")
                roles.append((role, organisation))
        first, _, last = name.partition(" ")
        user = users.objects.create_user(username, password=password, first_name=first, last_name=last,
                                         is_staff=admin, is_superuser=admin)
        for role, organisation in roles:
            Membership.objects.create(user=user, organisation=organisation, role=role)
        described = ["administrator"] if admin else []
        described += [f"{role.label.split(' (')[0].lower()} of {organisation}" for role, organisation in roles]
        self.stdout.write(f"Created {username} ({', '.join(described) or 'reader'}).")
