"""A small register for the catalogue tests: what the public may see and what it may not."""

from types import SimpleNamespace

from organisations.models import Organisation
from organisations.tests import factories as orgs
from security.tests.factories_visibility import classified
from services.models import Service
from services.tests import factories as services

RESIDENTS = Service.Audience.RESIDENTS


def register():
    """`shown`: public, for residents, with a statement; `internal`: not public; `secret`: public but classified at
    the visibility threshold (K3); `ended`: public but decommissioned; `coming`: public, planned, no owner yet;
    `low`: public and classified below the threshold (K2). Names carry a marker the tests look for."""
    owner = orgs.organisation(name="Hälso- och sjukvårdsnämnden")
    orgs.organisation(name="Region Exempel", kind=Organisation.Kind.REGION)
    shown = services.service(owner, name="Boka tid SYNLIG", description="Boka och omboka besök i vården.",
                             audience=RESIDENTS, accessibility_statement_url="https://example.org/tillganglighet")
    internal = services.service(owner, name="Lönesystem INTERN", audience=Service.Audience.STAFF,
                                description="Löner för medarbetare.")
    secret = services.service(owner, name="Journal HEMLIG", audience=RESIDENTS, description="Journalen.")
    classified(secret, 3)
    ended = services.service(owner, name="Gamla bokningen AVVECKLAD", audience=RESIDENTS,
                             phase=Service.Phase.DECOMMISSIONED)
    coming = services.service(False, name="Chatt KOMMANDE", audience=RESIDENTS, phase=Service.Phase.PLANNED)
    low = services.service(owner, name="Matsedel LAG", audience=RESIDENTS, public=True)
    classified(low, 2)
    return SimpleNamespace(owner=owner, shown=shown, internal=internal, secret=secret, ended=ended, coming=coming,
                           low=low)


VISIBLE = ("SYNLIG", "KOMMANDE", "LAG")
NEVER = ("INTERN", "HEMLIG", "AVVECKLAD")
