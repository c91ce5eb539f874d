from django.core.management.base import BaseCommand
from tqdm import tqdm

from costs import actions
from costs.models import CostLine, Figure


class Command(BaseCommand):
    help = "Allocate one year's costs to the organisations that use each service, and store the run."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--budget", action="store_true", help="Allocate the budget instead of the outcome.")

    def handle(self, *args, year, budget, **options):
        figure = Figure.BUDGET if budget else Figure.OUTCOME
        services = CostLine.objects.filter(year=year, figure=figure, amount_ore__gt=0).values("service").distinct()
        with tqdm(total=services.count(), desc=f"allocate {year}", unit="service",
                  disable=options["verbosity"] == 0) as progress:
            run = actions.run_allocation(year=year, figure=figure, progress=progress)
        self.stdout.write(
            f"Run {run.pk}: {run.total_cost_ore / 100:,.2f} kr of cost, {run.allocated_ore / 100:,.2f} kr allocated, "
            f"{len(run.problems)} problem(s)."
        )
        for problem in run.problems[:50]:
            self.stdout.write(f"  {problem}")
