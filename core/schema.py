"""The OpenAPI description of every operation declares the errors it answers, as it answers them.

drf-spectacular describes the successful answer only; a client (and Schemathesis in
styr/tests/test_api_contract.py) also meets 400, 403, 404 and 415, and must be able to read them. Declared here
once for every view instead of in each viewset, so that a new endpoint cannot forget them.
docs/decisions/0011-schema-contract.md."""

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

# A 400 names the fields it refuses: a list of messages per field, a nested object for a nested field or a list
# of them, "non_field_errors" for the whole, or "detail" (a string) when the body could not be parsed at all.
VALIDATION_ERROR = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [
            {"type": "string"},
            {"type": "array", "items": {}},
            {"type": "object"},
        ],
    },
}


class ErrorDetailSerializer(serializers.Serializer):
    """What DRF answers for 401, 403, 404 and 415, and Styr's own JSON 404 and NUL refusal under /api/."""

    detail = serializers.CharField()


class AutoSchema(openapi.AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        media_types = self.map_renderers("media_type")
        detail = self.resolve_serializer(ErrorDetailSerializer, "response").ref
        parameters = operation.get("parameters", [])
        query = [p for p in parameters if p.get("in") == "query"]
        # Any write may be refused by a rule of the model or the database (core.api turns those into 400), a
        # DELETE too (something still refers to the object); a read only for its query parameters.
        if query or self.method != "GET":
            self._declare(responses, "400", "The request names something invalid; each field says why.",
                          {"$ref": "#/components/schemas/ValidationError"}, media_types)
            self.registry.register_on_missing(ResolvedComponent(
                name="ValidationError", type=ResolvedComponent.SCHEMA, object="ValidationError",
                schema=VALIDATION_ERROR,
            ))
        # DRF answers a missing or wrong credential 401 only when its first authentication class names a
        # WWW-Authenticate challenge (session authentication names none: then it is 403).
        authenticators = self.view.get_authenticators()
        if authenticators and authenticators[0].authenticate_header(self.view.request):
            self._declare(responses, "401", "Not signed in, or the credential is wrong.", detail, media_types)
        self._declare(responses, "403", "Not signed in, or not permitted to do this.", detail, media_types)
        if "requestBody" in operation:
            self._declare(responses, "415", "The body is in a media type the operation does not read.", detail,
                          media_types)
        paged = any(p.get("name") == "page" for p in query)
        if any(p.get("in") == "path" for p in parameters) or paged:
            self._declare(responses, "404", "No such object" + (", or no such page." if paged else "."),
                          detail, media_types)
        return operation

    @staticmethod
    def _declare(responses, code, description, schema, media_types):
        responses.setdefault(code, {
            "content": {media_type: {"schema": schema} for media_type in media_types},
            "description": description,
        })
