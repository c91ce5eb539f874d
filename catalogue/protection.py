"""What every public route of the catalogue shares: read-only (GET and HEAD, anything else 405), a rate limit per
client address (429 with Retry-After), and answers a browser or a proxy may keep (Cache-Control, an ETag of the
content; a repeat that names it is answered 304 without the body)."""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.views.decorators.csrf import csrf_exempt

from accounts.network import client_ip

from . import queries

SAFE_METHODS = ("GET", "HEAD")


def rate_limited(request):
    """The 429 answer when the client address has used up its requests in this window, else None.

    A fixed window that opens with the address's first request: its start and its count are two cache entries
    that expire with it, so nothing needs clearing and no store grows."""
    limit, window = settings.CATALOGUE_RATE_LIMIT, settings.CATALOGUE_RATE_WINDOW
    if limit <= 0:
        return None
    address = client_ip(request) or "unknown"
    now = time.time()
    cache.add(f"catalogue-rate-start:{address}", now, timeout=window)
    cache.add(f"catalogue-rate-count:{address}", 0, timeout=window)
    try:
        count = cache.incr(f"catalogue-rate-count:{address}")
    except ValueError:  # the entry expired between the two calls: a new window
        cache.set(f"catalogue-rate-count:{address}", 1, timeout=window)
        count = 1
    if count <= limit:
        return None
    started = cache.get(f"catalogue-rate-start:{address}", now)
    retry_after = max(1, int(started + window - now) + 1)
    response = render(request, "catalogue/too_many.html",
                      {"retry_after": retry_after, "publisher": queries.publisher_name(settings.CATALOGUE_PUBLISHER)},
                      status=429)
    response["Retry-After"] = str(retry_after)
    return response


def public_route(view):
    """A catalogue view: no sign-in, no CSRF check (it changes nothing, and a POST must meet 405, not 403)."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        refused = rate_limited(request)
        if refused is not None:
            return refused
        if request.method not in SAFE_METHODS:
            return HttpResponseNotAllowed(SAFE_METHODS)
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ("Cookie",))  # the language cookie chooses the pages' language
        if response.status_code != 200 or response.streaming:
            return response
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=settings.CATALOGUE_MAX_AGE)
        return get_conditional_response(request, etag=etag, response=response)

    return wrapped
