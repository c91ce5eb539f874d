from .clean_old_history import Command as Refused


class Command(Refused):
    """Replaces django-simple-history's command of the same name: it deletes history records too."""

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("-m", "--minutes", type=int)
        parser.add_argument("--excluded_fields", nargs="+")
        parser.add_argument("--base-manager", action="store_true")
