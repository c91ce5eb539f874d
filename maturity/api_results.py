"""The API of other organisations' maturity results (read), imported through the exchange file (maturity/exchange.py).
Anyone signed in reads them. A round's own results are in maturity/api.py."""

import django_filters
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers, viewsets

from .filters_plans import ID
from .models import ExternalResult
from .queries_results import scale_of


class ExternalResultSerializer(serializers.ModelSerializer):
    model_code = serializers.CharField(source="model.code", read_only=True)
    model_version = serializers.IntegerField(source="model.version", read_only=True)

    class Meta:
        model = ExternalResult
        fields = ["id", "model", "model_code", "model_version", "organisation_name", "period", "level", "code",
                  "mean", "respondents", "imported_at", "row_version"]
        read_only_fields = fields


class ExternalResultFilter(django_filters.FilterSet):
    model = django_filters.NumberFilter(field_name="model_id", label=_("Model version (id)"), **ID)
    organisation = django_filters.CharFilter(field_name="organisation_name", label=_("Organisation"),
                                             max_length=200)
    period = django_filters.CharFilter(field_name="period", label=_("Period"), max_length=40)

    class Meta:
        model = ExternalResult
        fields = ["model", "organisation", "period"]


class ExternalResultViewSet(viewsets.ReadOnlyModelViewSet):
    """Other organisations' aggregated results on the same model, as imported from their exchange files
    (docs/maturity-exchange.md): means and respondent counts, never individual answers."""

    serializer_class = ExternalResultSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ExternalResultFilter
    queryset = ExternalResult.objects.select_related("model").order_by("id")


class ExternalRowSerializer(serializers.Serializer):
    """One row of an exchange file, checked against the model version it is imported for (context["model"])."""

    model_code = serializers.CharField(max_length=40)
    model_version = serializers.IntegerField(min_value=1, max_value=32767)
    organisation = serializers.CharField(max_length=200)
    period = serializers.CharField(max_length=40)
    level = serializers.ChoiceField(choices=["point", "category", "dimension", "total"])
    code = serializers.CharField(max_length=40, allow_blank=True, required=False, default="")
    mean = serializers.DecimalField(max_digits=7, decimal_places=3)
    respondents = serializers.IntegerField(min_value=1, max_value=10**9)

    def to_internal_value(self, data):
        data = {key: (value.replace(",", ".") if key == "mean" and isinstance(value, str) else value)
                for key, value in data.items()}
        return super().to_internal_value(data)

    def validate_model_code(self, value):
        model = self.context["model"]
        if value != model.code:
            raise serializers.ValidationError(_("The file is for the model %(file)s; this import is for %(model)s.")
                                              % {"file": value, "model": model.code})
        return value

    def validate_model_version(self, value):
        model = self.context["model"]
        if value != model.version:
            raise serializers.ValidationError(_("The file is for version %(file)s of the model; this import is for "
                                                "version %(model)s.") % {"file": value, "model": model.version})
        return value

    def validate(self, data):
        model = self.context["model"]
        level, code = data["level"], data.get("code", "")
        if level == "total":
            if code:
                raise serializers.ValidationError({"code": [_("A total has no code.")]})
        else:
            related = {"point": model.points, "category": model.categories, "dimension": model.dimensions}[level]
            if f"codes-{level}" not in self.context:  # asked once per import, not once per row
                self.context[f"codes-{level}"] = set(related.values_list("code", flat=True))
            codes = self.context[f"codes-{level}"]
            if code not in codes:
                names = {"point": _("measurement point"), "category": _("category"), "dimension": _("dimension")}
                raise serializers.ValidationError({"code": [_("The model has no %(level)s %(code)s.")
                                                            % {"level": names[level], "code": code or "–"}]})
        if "scale" not in self.context:
            self.context["scale"] = scale_of(model)
        low, high = self.context["scale"]
        if not low <= data["mean"] <= high:
            raise serializers.ValidationError({"mean": [_("A mean lies on the model's scale, %(low)s–%(high)s.")
                                                        % {"low": low, "high": high}]})
        return data
