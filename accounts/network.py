"""The client's address, for throttling sign-in."""

import ipaddress

from django.conf import settings


def _address(text):
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request):
    """REMOTE_ADDR, unless STYR_PROXY_COUNT proxies stand in front: then the address the outermost proxy saw,
    counted from the right of X-Forwarded-For, since each proxy appends and anything to the left of what our
    own proxies wrote is whatever the client chose to send."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.STYR_PROXY_COUNT
    if count > 0:
        hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= count:
            return _address(hops[-count]) or remote
    return _address(remote) or remote
