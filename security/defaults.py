"""The defaults a region starts with: scales, the policy, continuity requirements and protection requirements.
All of it is data the region edits (admin, import); nothing here is read by code as a constant.

Loaded by migration 0002 on a fresh database, and again after a flush (Django sends post_migrate after
`flush`, which is how the test suite's transactional tests leave the database) when no scale exists at all —
the sign of a database that never had any. A region that has its own scales is never touched."""

SCALES = [
    ("Konsekvensskala 1–4", "classification", True,
     "Den vanliga skalan för informationsklassning: konsekvens om informationen röjs, ändras eller inte är "
     "tillgänglig.",
     [(1, "Låg", "Försumbar eller liten skada."), (2, "Måttlig", "Märkbar skada för verksamhet eller enskild."),
      (3, "Allvarlig", "Allvarlig skada, t.ex. för patientsäkerhet eller enskildas integritet."),
      (4, "Mycket allvarlig", "Mycket allvarlig skada, fara för liv och hälsa eller för samhällsviktig verksamhet.")]),
    ("KLASSA 0–4", "classification", False,
     "Skalan i SKR:s KLASSA, för regioner som klassar där.",
     [(0, "Ingen", "Ingen skada."), (1, "Låg", "Begränsad skada."), (2, "Måttlig", "Betydande skada."),
      (3, "Hög", "Allvarlig skada."), (4, "Mycket hög", "Synnerligen allvarlig skada.")]),
    ("Sannolikhet 1–4", "likelihood", True, "Hur troligt det är att risken inträffar.",
     [(1, "Osannolik", "Mindre än en gång på tio år."), (2, "Möjlig", "En gång på några år."),
      (3, "Sannolik", "Någon gång per år."), (4, "Mycket sannolik", "Flera gånger per år.")]),
    ("Konsekvens 1–4", "consequence", True, "Hur stor skadan blir om risken inträffar.",
     [(1, "Liten", "Obetydlig påverkan."), (2, "Måttlig", "Märkbar men hanterbar påverkan."),
      (3, "Stor", "Allvarlig påverkan på vård eller enskilda."), (4, "Mycket stor", "Fara för liv och hälsa.")]),
]

CONTINUITY = [(3, 24, 24, 365), (4, 4, 1, 365)]

REQUIREMENTS = [
    ("k3-flerfaktor", "Inloggning med flerfaktorsautentisering", "K", 3, "002 §10.8"),
    ("k3-lasloggning", "Loggning av vem som läst informationen", "K", 3, "Patientdatalagen 4 kap. 3 §"),
    ("k3-kryptering-lagring", "Kryptering av lagrad information", "K", 3, "002 §10.8"),
    ("k4-kryptering-overforing", "Kryptering hela vägen vid överföring", "K", 4, "002 §10.8"),
    ("r3-andringslogg", "Spårbarhet: varje ändring loggas med vem och när", "R", 3, "000 §3.5"),
    ("t2-sakerhetskopiering", "Säkerhetskopiering med prövad återläsning", "T", 2, "000 §3.5"),
    ("t3-redundans", "Redundant drift utan enskild felpunkt", "T", 3, "000 §3.5"),
]


def load(get_model, using="default"):
    Scale, Level = get_model("Scale"), get_model("Level")
    if Scale.objects.using(using).exists():
        return
    for name, purpose, active, description, levels in SCALES:
        scale = Scale.objects.using(using).create(name=name, purpose=purpose, active=active, description=description)
        Level.objects.using(using).bulk_create(Level(scale=scale, number=n, name=ln, description=ld) for n, ln, ld in levels)
    get_model("Policy").objects.using(using).get_or_create(pk=1)
    get_model("ContinuityRequirement").objects.using(using).bulk_create(
        get_model("ContinuityRequirement")(
            availability=a, max_recovery_time_hours=rto, max_recovery_point_hours=rpo, exercise_every_days=days)
        for a, rto, rpo, days in CONTINUITY)
    Requirement = get_model("ProtectionRequirement")
    Requirement.objects.using(using).bulk_create(
        Requirement(code=code, text=text, dimension=dim, from_level=level, source=source)
        for code, text, dim, level, source in REQUIREMENTS)


def after_migrate(sender, using="default", apps=None, **kwargs):
    """post_migrate of the security app: the defaults, if the database has no scale at all. `flush` sends
    the signal without `apps`; `migrate` with the state it ended in."""
    if apps is None:
        from django.apps import apps
    if not apps.is_installed("security"):
        return
    load(lambda name: apps.get_model("security", name), using=using)
