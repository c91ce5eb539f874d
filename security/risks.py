"""The risk matrix (likelihood × consequence): counts per cell in one grouped query, and the picture of it as
SVG drawn on the server. The picture never speaks by colour alone (WCAG 1.4.1): every cell writes its count
and its band, and a plain table of the same numbers goes with it."""

import math
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from .models import Level, Policy, Scale

LOW, MEDIUM, HIGH = "low", "medium", "high"
# Light fills with dark text: contrast of the count stays above 4.5:1 in every band.
FILLS = {LOW: "#d9efd9", MEDIUM: "#fbe8a6", HIGH: "#f6b9b0"}


def band(value, high_from):
    """low / medium / high relative to the policy's high-risk value: high from it, medium from half of it."""
    if value >= high_from:
        return HIGH
    if value >= math.ceil(high_from / 2):
        return MEDIUM
    return LOW


def band_label(name):
    return {LOW: _("low"), MEDIUM: _("medium"), HIGH: _("high")}[name]


def with_after_treatment(risks):
    """Risks annotated with their levels after treatment: the residual levels where assessed, else the levels
    as they are (an untreated risk stays where it is)."""
    return risks.annotate(after_likelihood=Coalesce("residual_likelihood", "likelihood"),
                          after_consequence=Coalesce("residual_consequence", "consequence"))


def counts(risks, after_treatment=False):
    """{(likelihood, consequence): number of risks}: one grouped query over `risks` (already narrowed by the
    caller to what the user may see)."""
    if after_treatment:
        rows = with_after_treatment(risks).values_list("after_likelihood", "after_consequence")
    else:
        rows = risks.values_list("likelihood", "consequence")
    rows = rows.annotate(n=Count("pk")).order_by()
    return {(likelihood, consequence): n for likelihood, consequence, n in rows}


@dataclass
class Cell:
    likelihood: Level
    consequence: Level
    count: int
    value: int
    band: str
    url: str = ""
    x: int = 0
    y: int = 0

    @property
    def band_text(self):
        return band_label(self.band)

    @property
    def fill(self):
        return FILLS[self.band]


@dataclass
class Matrix:
    """What the SVG template and the table behind it need: rows from the most likely down."""

    title: str
    description: str
    likelihoods: list
    consequences: list
    rows: list = field(default_factory=list)
    total: int = 0
    outside: int = 0  # risks on levels no longer on the active scales: told, not drawn
    width: int = 0
    height: int = 0
    axis_y: int = 0
    columns: list = field(default_factory=list)
    id: str = "matrix"


LABEL_WIDTH, CELL_WIDTH, CELL_HEIGHT, TOP, AXIS_HEIGHT = 170, 110, 56, 10, 60


def build(risks, *, title, link=None, after_treatment=False, id="matrix"):
    """The matrix of `risks` on the active likelihood and consequence scales; `link(l, c)` gives the address
    of a cell's risk list."""
    likelihoods = _levels(Scale.Purpose.LIKELIHOOD)
    consequences = _levels(Scale.Purpose.CONSEQUENCE)
    found = counts(risks, after_treatment)
    high_from = Policy.current().high_risk_value
    matrix = Matrix(title=title, description="", likelihoods=likelihoods, consequences=consequences, id=id)
    for row_index, likelihood in enumerate(reversed(likelihoods)):
        row = []
        for column, consequence in enumerate(consequences):
            n = found.get((likelihood.number, consequence.number), 0)
            value = likelihood.number * consequence.number
            row.append(Cell(likelihood, consequence, n, value, band(value, high_from),
                            url=link(likelihood.number, consequence.number) if link and n else "",
                            x=LABEL_WIDTH + column * CELL_WIDTH, y=TOP + row_index * CELL_HEIGHT))
        matrix.rows.append({"level": likelihood, "cells": row, "label_y": TOP + row_index * CELL_HEIGHT + 32})
    drawn = sum(cell.count for row in matrix.rows for cell in row["cells"])
    matrix.total = sum(found.values())
    matrix.outside = matrix.total - drawn
    matrix.width = LABEL_WIDTH + CELL_WIDTH * len(consequences) + 10
    matrix.height = TOP + CELL_HEIGHT * len(likelihoods) + AXIS_HEIGHT
    matrix.axis_y = TOP + CELL_HEIGHT * len(likelihoods)
    matrix.columns = [{"level": c, "x": LABEL_WIDTH + i * CELL_WIDTH + CELL_WIDTH // 2}
                      for i, c in enumerate(consequences)]
    matrix.description = _describe(matrix, high_from)
    return matrix


def _levels(purpose):
    scale = Scale.active_for(purpose)
    return list(scale.levels.order_by("number")) if scale else []


def _describe(matrix, high_from):
    parts = [_("Likelihood on the vertical axis, consequence on the horizontal; %(total)s risks in all. "
               "Risks of value %(high)s or more are high.") % {"total": matrix.total, "high": high_from}]
    for row in matrix.rows:
        for cell in row["cells"]:
            if cell.count:
                parts.append(_("Likelihood %(l)s, consequence %(c)s: %(n)s (%(band)s).") % {
                    "l": cell.likelihood.number, "c": cell.consequence.number, "n": cell.count,
                    "band": band_label(cell.band)})
    return " ".join(parts)
