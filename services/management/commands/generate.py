import datetime
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from simple_history.utils import bulk_create_with_history
from tqdm import tqdm

from core import audit, registry
from core.bulk import analyze
from organisations.models import Domain, Organisation
from services.models import Consumer, Ownership, Service

KINDS = [k for k, _ in Service.Kind.choices]
PHASES = [p for p, _ in Service.Phase.choices]
CRITICALITY = [c for c, _ in Service.Criticality.choices]
AUDIENCES = [a for a, _ in Service.Audience.choices]
WORDS = ("journal remiss recept bild labb schema ekonomi lön inköp ärende webb intranät katalog kod "
         "vaccin tolk färdtjänst biljett trafik kultur arkiv analys portal").split()


def synthetic_rows(count, domains, organisations, seed=1, start=0):
    """Rows for the import: the same shape a region's own spreadsheet would have."""
    rng = random.Random(seed)
    for i in range(start, start + count):
        phase = rng.choice(PHASES)
        yield {
            "external_id": f"GEN-{i:07d}",
            "name": f"{rng.choice(WORDS).capitalize()}{rng.choice(WORDS)} {i}",
            "short_name": f"S{i}",
            "description": "Syntetisk tjänst för prestandamätning.",
            "kind": rng.choice(KINDS),
            "domain": rng.choice(domains),
            "phase": phase,
            "criticality": rng.choice(CRITICALITY),
            "delivery_model": "external_supplier",
            "supplier": f"Leverantör {rng.randrange(200)}",
            "sourcing_review_date": f"{rng.randrange(2025, 2031)}-06-30",
            "owner": rng.choice(organisations),
            "owner_from": "2020-01-01",
            "categories": "",
            # By the row's number, not the generator, so the other columns stay as they were before the catalogue:
            # a third for residents, published as a new one would be.
            "audience": AUDIENCES[i % len(AUDIENCES)],
            "public": Service.default_public(AUDIENCES[i % len(AUDIENCES)]),
        }


class Command(BaseCommand):
    help = "Make a synthetic region of any size (for benchmarks): organisations, domains and N services."

    def add_arguments(self, parser):
        parser.add_argument("--services", type=int, required=True)
        parser.add_argument("--organisations", type=int, default=60)
        parser.add_argument("--consumers", type=int, default=3, help="Consumers per service.")
        parser.add_argument("--seed", type=int, default=1)

    @transaction.atomic
    def handle(self, *args, services, organisations, consumers, seed, **options):
        rng = random.Random(seed)
        region, _ = Organisation.objects.get_or_create(
            code="GEN", defaults={"name": "Syntetisk region", "kind": Organisation.Kind.REGION}
        )
        orgs = [
            Organisation.objects.get_or_create(
                code=f"GEN-{n:03d}",
                defaults={"name": f"Syntetisk nämnd {n}", "kind": Organisation.Kind.BOARD, "parent": region},
            )[0]
            for n in range(organisations)
        ]
        domains = [
            Domain.objects.get_or_create(
                code=f"gen-{n}", defaults={"name": f"Syntetisk domän {n}", "deciding_board": orgs[n]}
            )[0]
            for n in range(6)
        ]
        start = Service.objects.filter(external_id__startswith="GEN-").count()
        generated = []
        progress = tqdm(total=services, desc="generate", unit="service", disable=options["verbosity"] == 0)
        batch = 5000
        for offset in range(0, services, batch):
            size = min(batch, services - offset)
            rows = list(synthetic_rows(size, domains, orgs, seed=seed + offset, start=start + offset))
            objs = [
                Service(**{k: v for k, v in row.items() if k not in ("owner", "owner_from", "categories")})
                for row in rows
            ]
            bulk_create_with_history(objs, Service, batch_size=batch)
            bulk_create_with_history(
                [Ownership(service=s, organisation=row["owner"], valid_from=datetime.date(2020, 1, 1))
                 for s, row in zip(objs, rows, strict=True) if row["phase"] != Service.Phase.PLANNED],
                Ownership, batch_size=batch,
            )
            bulk_create_with_history(
                [Consumer(service=s, organisation=org, volume=rng.randrange(1, 5000))
                 for s in objs for org in rng.sample(orgs, consumers)],
                Consumer, batch_size=batch,
            )
            generated += [s.pk for s in objs]
            progress.update(size)
        progress.close()
        analyze(Service, Ownership, Consumer)
        # The other apps' data about these services (e.g. information security), registered by those apps.
        for generator in registry.GENERATORS:
            generator(generated, seed)
        # bulk_create_with_history sends no signal: the chain takes these records when this commits.
        for model in (Service, Ownership, Consumer):
            audit.seal_after_commit(model.history.model._meta.db_table)
        self.stdout.write(f"Generated {services} services over {len(orgs)} organisations.")
