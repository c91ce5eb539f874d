"""GET /api/grade/?year=: the digitalisation grade of a year with its parts (read-only; views_grade is the page)."""

import datetime
from decimal import Decimal

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from . import queries
from .views_grade import grade_with_change

SIX = Decimal("0.000001")


class GradeQuery(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100,
                                    help_text="The year; default: the latest year with a definition, not after this.")


class DefinitionSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    version = serializers.IntegerField()
    note = serializers.CharField(allow_blank=True)


class PartSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="The indicator's code.")
    name = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField()
    weight = serializers.DecimalField(max_digits=8, decimal_places=4)
    share = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True, help_text="Of the weights.")
    value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    target = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    score = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True,
                                     help_text="How far toward the target, 0–1.")
    points = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True,
                                      help_text="The part's contribution to the grade.")
    change = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True,
                                      help_text="Its points less its points the year before.")


class GradeSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    definition = DefinitionSerializer(allow_null=True)
    value = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True, help_text="0–100.")
    previous = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True,
                                        help_text="The grade of the year before.")
    parts = PartSerializer(many=True)
    missing = serializers.ListField(child=serializers.CharField(), help_text="Codes of parts without a value.")


def _quantized(value, places):
    return None if value is None else value.quantize(places)


def as_data(grade):
    definition = grade["definition"]
    return {
        "year": grade["year"], "value": grade["value"], "previous": grade["previous"],
        "definition": None if definition is None else {"year": definition.year, "version": definition.version,
                                                       "note": definition.note},
        "parts": [{"indicator": p["indicator"].code, "name": p["indicator"].name, "unit": p["indicator"].unit,
                   "direction": p["indicator"].direction, "weight": p["weight"],
                   "share": _quantized(p["share"], SIX), "value": p["value"], "target": p["target"],
                   "score": _quantized(p["score"], SIX), "points": p["points"], "change": p["change"]}
                  for p in grade["parts"]],
        "missing": [indicator.code for indicator in grade["missing"]],
    }


class GradeView(APIView):
    @extend_schema(parameters=[GradeQuery], responses=GradeSerializer)
    def get(self, request):
        query = GradeQuery(data=request.query_params)
        if not query.is_valid():
            raise ValidationError(query.errors)
        year = query.validated_data.get("year")
        if year is None:
            years = queries.grade_years()
            this_year = datetime.date.today().year
            year = max((y for y in years if y <= this_year), default=years[-1] if years else this_year)
        return Response(GradeSerializer(as_data(grade_with_change(year))).data)
