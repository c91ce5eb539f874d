"""Link what cited a decision as free text to the Decision record itself: matched on the deciding body and
the registry number. A text that matches no decision (or several, of different bodies) is reported here
and left unlinked; its text stays in the history."""

import re

from django.db import migrations


def _match(Decision, number, body_id=None):
    number = re.sub(r"\s+", " ", number or "").strip()
    if not number:
        return None, None
    found = list(Decision.objects.filter(registry_number=number))
    if body_id is not None:
        found = [d for d in found if d.body_id == body_id] or found
    if len(found) > 1:  # the number's prefix names the body (HSN 2021-0815 is a decision of HSN)
        prefix = number.split(" ", 1)[0].casefold()
        found = [d for d in found if d.body.code.casefold() == prefix] or found
    if len(found) == 1:
        return found[0], None
    return None, ("several decisions" if found else "no decision") + f" numbered {number!r}"


def link(apps, schema_editor):
    Decision = apps.get_model("decisions", "Decision")
    Ownership = apps.get_model("services", "Ownership")
    unmatched = []
    for ownership in Ownership.objects.exclude(decision_reference="").select_related("service"):
        decision, problem = _match(Decision, ownership.decision_reference)
        if decision is None:
            if problem:
                unmatched.append(f"ownership of {ownership.service.name!r} from {ownership.valid_from}: {problem}")
            continue
        Ownership.objects.filter(pk=ownership.pk).update(decision=decision)
    for line in unmatched:
        print(f"\n  not linked: {line}", end="")


class Migration(migrations.Migration):

    dependencies = [
        ("services", "0003_ownership_basis_and_decision"),
    ]

    operations = [
        migrations.RunPython(link, migrations.RunPython.noop),
    ]
