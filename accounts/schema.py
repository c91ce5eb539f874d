"""The API key as a security scheme in the OpenAPI description."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.ApiTokenAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key made under API-nycklar (/konto/api-nycklar/) or with `styr token create`: "
                           "`Authorization: Bearer <key>` (or `Token <key>`). An unknown, expired or revoked key "
                           "is answered 401; after five unknown keys from one address, keys from it are answered 429 for a "
                           "while.",
        }
