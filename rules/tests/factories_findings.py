import datetime

from django.utils import timezone

from rules.models import Evaluation


def evaluated_long_ago(evaluation, *, seconds):
    """Move an evaluation's "as of" time `seconds` back, as if it were made that long ago."""
    Evaluation.objects.filter(pk=evaluation.pk).update(as_of=timezone.now() - datetime.timedelta(seconds=seconds))
