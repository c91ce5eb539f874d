"""What may be compared between two versions of a maturity model (docs/decisions/0027).

Rounds, and another organisation's results, are compared by code. A measurement point is comparable when its
code exists in both versions with the same text, scale and weight: a changed statement measures something
else, and a figure beside it would mislead. A category is comparable when it exists in both and all of its
points (in either version) are; a dimension when all its categories are. Models of different codes are not
compared at all. The pages show what is not comparable; nothing is compared silently."""

from dataclasses import dataclass, field

from .models import Category, MeasurementPoint


class NotComparable(Exception):
    """The two models are different models (different codes): there is nothing to compare."""


@dataclass
class Comparability:
    points: dict = field(default_factory=dict)      # code → True/False, for every point code in either version
    categories: dict = field(default_factory=dict)  # code → True/False
    dimensions: dict = field(default_factory=dict)  # code → True/False
    same_version: bool = False

    @property
    def changed_points(self):
        return sorted(code for code, same in self.points.items() if not same)

    @property
    def changed_categories(self):
        return sorted(code for code, same in self.categories.items() if not same)

    def comparable(self, level, code):
        """Whether a figure at `level` ("point", "category", "dimension", "total") with `code` compares."""
        if level == "total":
            return all(self.dimensions.values())
        return {"point": self.points, "category": self.categories, "dimension": self.dimensions}[level].get(
            code, False)


def _points(model):
    return {row["code"]: row for row in MeasurementPoint.objects.filter(model=model).values(
        "code", "text", "scale_min", "scale_max", "weight", "category__code", "category__dimension__code")}


def _signature(row):
    return (row["text"].strip(), row["scale_min"], row["scale_max"], row["weight"])


def comparability(model_a, model_b):
    """Comparability of two versions of one model; NotComparable when their codes differ."""
    if model_a.code != model_b.code:
        raise NotComparable(model_a, model_b)
    if model_a.pk == model_b.pk:
        same = True
    else:
        same = False
    a, b = _points(model_a), _points(model_b)
    result = Comparability(same_version=same)
    for code in a.keys() | b.keys():
        result.points[code] = same or (code in a and code in b and _signature(a[code]) == _signature(b[code])
                                       and a[code]["category__code"] == b[code]["category__code"])
    categories_a = dict(Category.objects.filter(model=model_a).values_list("code", "dimension__code"))
    categories_b = dict(Category.objects.filter(model=model_b).values_list("code", "dimension__code"))
    for code in categories_a.keys() | categories_b.keys():
        points = [p for p, row in (a | b).items() if row["category__code"] == code]
        result.categories[code] = same or (categories_a.get(code) is not None
                                           and categories_a.get(code) == categories_b.get(code)
                                           and all(result.points[p] for p in points))
    for code in set(categories_a.values()) | set(categories_b.values()):
        cats = {c for c, d in (categories_a | categories_b).items() if d == code}
        result.dimensions[code] = same or (code in categories_a.values() and code in categories_b.values()
                                           and all(result.categories[c] for c in cats))
    return result
