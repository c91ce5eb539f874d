from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ... import actions
from ...models import TOKEN_MAX_DAYS, ApiToken


class Command(BaseCommand):
    help = "API keys: create one for an account (the secret is printed once), list them, revoke one."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="A new key; prints the secret, which is not stored.")
        create.add_argument("username")
        create.add_argument("--name", required=True, help="What the key is for.")
        create.add_argument("--days", type=int, default=90, help=f"Valid for 1 … {TOKEN_MAX_DAYS} days (90).")
        listing = sub.add_parser("list", help="Keys, with their state; of one account if given.")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="Revoke a key, named by its first characters (as listed).")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _user(self, username):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account is called {username}.")
        return user

    def _create(self, username, name, days, **options):
        try:
            token, secret = actions.create_token(user=self._user(username), name=name, days=days)
        except ValidationError as error:
            raise CommandError("; ".join(f"{field}: {' '.join(problems)}"
                                         for field, problems in error.message_dict.items())) from error
        self.stderr.write(f"Created {token.name!r} for {username}, valid until {token.expires:%Y-%m-%d %H:%M %Z}. "
                          "The key (shown this once):")
        self.stdout.write(secret)

    def _list(self, username=None, **options):
        tokens = ApiToken.objects.select_related("user").order_by("user__username", "-created")
        if username:
            tokens = tokens.filter(user=self._user(username))
        for token in tokens:
            state = "revoked" if token.is_revoked else "expired" if token.is_expired else "valid"
            self.stdout.write(f"{token.prefix}\t{token.user.username}\t{token.name}\t{state}\t"
                              f"expires {token.expires:%Y-%m-%d}")

    def _revoke(self, prefix, **options):
        matches = list(ApiToken.objects.filter(prefix=prefix, revoked_at=None))
        if len(matches) != 1:
            raise CommandError(f"{len(matches)} unrevoked keys begin with {prefix}; name exactly one (styr token list).")
        # The command line is the administrator's.
        token = actions.revoke_token(token=matches[0], by=None, as_administrator=True)
        self.stdout.write(f"Revoked {token.name!r} of {token.user.username}.")
