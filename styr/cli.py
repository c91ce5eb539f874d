"""The `styr` command: Django's management commands under the names administrators use."""

import os
import sys

ALIASES = {
    "serve": "runserver",
    "import": "import_data",
    "import-indicators": "import_indicators",
    "export": "export_data",
    "createuser": "create_styr_user",
    "seal-history": "seal_history",
    "verify-history": "verify_history",
    "history-digest": "history_digest",
    "archive-history": "archive_history",
    "check": "check_rules",
    "evaluate-rules": "evaluate_rules",  # the rules; Django's system check stays reachable as `styr djangocheck`
    "claim-mapping": "claim_mapping",
    "load-scale": "load_scale",

    "load-requirements": "load_requirements",
    "import-processes": "import_processes",
}


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styr.settings")
    if len(argv) > 1:
        argv[1] = "check" if argv[1] == "djangocheck" else ALIASES.get(argv[1], argv[1])
    from django.conf import settings
    from django.core.management import execute_from_command_line

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    if len(argv) > 1 and argv[1] == "runserver":
        import django

        from styr.production import refuse_unsafe_settings

        django.setup()
        refuse_unsafe_settings()
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
