"""Link what cited a decision as free text to the Decision record itself, matched on registry number and
body: a number that several bodies use goes to the body whose code is its prefix, or to the body the
record names (a funding model's funder). A text that matches nothing, or several, is printed by
`migrate` and left unlinked: the text column goes in the next step, so copy what is printed if it
matters."""

import re

from django.db import migrations


def _match(Decision, number, body_id=None):
    number = re.sub(r"\s+", " ", number or "").strip()
    if not number:
        return None, None
    found = list(Decision.objects.filter(registry_number=number).select_related("body"))
    prefix = number.split(" ", 1)[0].casefold()
    # The body: the one whose code is the number's prefix (HSN 2021-0815 is HSN's), else the one the record
    # names; a prefix need not be a code (RS is Regionstyrelsen's diary, and RS may be the region's code).
    for same_body in (lambda d: d.body.code.casefold() == prefix, lambda d: d.body_id == body_id):
        if len(found) > 1:
            found = [d for d in found if same_body(d)] or found
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
