from django.core.management.base import BaseCommand, CommandError

from rules import actions_evaluation


class Command(BaseCommand):
    help = ("Run every rule and store the findings and counts the rules, findings and scorecard pages, the overview "
            "and /api/findings/ read (docs/decisions/0034). Run it after a bulk load, or from cron.")

    def handle(self, *args, **options):
        evaluation = actions_evaluation.refresh(trigger="command")
        if evaluation is None:
            raise CommandError("Another refresh of the findings is running; it stores the same.")
        self.stdout.write(f"{evaluation.findings} findings as of {evaluation.as_of:%Y-%m-%d %H:%M:%S}, "
                          f"in {evaluation.took_ms} ms.")
