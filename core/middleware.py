from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils import translation


class LanguageMiddleware:
    """Swedish unless the user chose English with the switch in the header.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and most browsers in a
    Swedish region still ask for English first; the register speaks Swedish by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class RejectNulMiddleware:
    """A NUL character in a query string is never meant; PostgreSQL cannot even compare text holding
    one, so such a filter would end as a server error instead of the client's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in value for values in request.GET.lists() for value in values[1]
        ):
            message = "A query parameter holds a NUL character."
            if request.path.startswith("/api/"):  # an API client reads errors as JSON, as the schema declares
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain")
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """A Content-Security-Policy on every answer that does not set its own (uploads set a sandbox).

    Styr's pages load scripts and styles only from its own origin and carry no inline script or style
    attribute, so an injected `<script>` or `onerror=` cannot run even if escaping were ever missed.
    The admin site and Swagger UI keep the inline styles of their own code; scripts stay strict there too.
    Forms post to Styr only — and to the identity provider, since signing in and out redirects there after a
    form is sent (browsers hold redirects after a form to form-action too); more from STYR_CSP_FORM_ACTION.
    """

    lenient_prefixes = ("/admin/", "/api/docs/")

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def _form_action():
        origins = ["'self'", *settings.CSP_FORM_ACTION]
        for url in (getattr(settings, "STYR_OIDC_ISSUER", ""), getattr(settings, "OIDC_OP_AUTHORIZATION_ENDPOINT", ""),
                    getattr(settings, "OIDC_OP_END_SESSION_ENDPOINT", "")):
            parts = urlsplit(url or "")
            if parts.scheme in ("http", "https") and parts.netloc:
                origin = f"{parts.scheme}://{parts.netloc}"
                if origin not in origins:
                    origins.append(origin)
        return " ".join(origins)

    def __call__(self, request):
        response = self.get_response(request)
        styles = "'self' 'unsafe-inline'" if request.path.startswith(self.lenient_prefixes) else "'self'"
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
            f"object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action {self._form_action()}; "
            f"style-src {styles}",
        )
        return response
