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
