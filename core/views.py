"""Small pieces the apps' views share."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.static import serve

from . import access, uploads


def save_or_report(request, form, done):
    """Save a small form posted from a detail page, telling the user the outcome as a message —
    each error with its field's label — since the page it returns to shows no form errors."""
    if form.is_valid():
        form.save()
        messages.success(request, done)
        return True
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return False


# Error pages in the site's layout and in Swedish, with the menu, whatever STYR_DEBUG says. A refusal says
# what was refused and who may do it: the PermissionDenied raised by a view carries that message.

def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        # An API path that matches no route (e.g. /api/services/abc/) answers as DRF's own 404 does and as the
        # OpenAPI description declares: JSON, not the site's HTML page.
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", {"path": request.path}, status=404)


def server_error(request):
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the layout itself failed: say it plainly rather than fail again
        return HttpResponseServerError("Styr: ett fel uppstod på servern. / A server error occurred.",
                                       content_type="text/plain; charset=utf-8")


def paged(request, rows, size=50):
    """One page of `rows` (a queryset or a list) and the query string of the other filters, for
    _pages.html: {"page": …, "query": "…"}. Every list pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return {"page": Paginator(rows, size).get_page(request.GET.get("page")), "query": query.urlencode()}


@login_required
def media(request, path):
    """Uploaded decisions and risk analyses: for signed-in users who may see the record a file belongs to
    (a file no record names, or of a record hidden from the user, is not found), and always downloaded,
    never shown in the browser: a file is what its uploader made it, and served inline from Styr's own
    origin an HTML or SVG file would run its script in the reader's session."""
    holder = uploads.holder_of(path)
    if holder is None or not access.may_see(request.user, holder):
        raise Http404(path)
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
