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
    FundingModel = apps.get_model("costs", "FundingModel")
    unmatched = []
    for model in FundingModel.objects.exclude(decision_reference="").select_related("service"):
        decision, problem = _match(Decision, model.decision_reference, model.funder_id)
        if decision is None:
            if problem:
                unmatched.append((model, problem))
            continue
        FundingModel.objects.filter(pk=model.pk).update(decision=decision)
    common = [f"funding of {m.service.name!r} {m.year}: {p}" for m, p in unmatched if m.method == "common"]
    for model, problem in unmatched:
        print(f"\n  not linked: funding of {model.service.name!r} {model.year}: {problem}", end="")
    if common:
        # Funding in common needs its decision (a constraint from the next step on); nothing is guessed.
        raise RuntimeError("Record these decisions (body, date, registry number) and migrate again: "
                           + "; ".join(common))


class Migration(migrations.Migration):

    dependencies = [
        ("costs", "0002_funding_decision"),
    ]

    operations = [
        migrations.RunPython(link, migrations.RunPython.noop),
    ]
