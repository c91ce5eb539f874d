"""Small pieces the apps' views share, and the audit log's pages."""

import datetime
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.static import serve

from . import access, audit, auditlog, exports, uploads
from .filters import AuditLogFilter
from .models import Verification


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


def paged(request, rows, size=50, count=None):
    """One page of `rows` (a queryset or a list) and the query string of the other filters, for
    _pages.html: {"page": …, "query": "…"}. Every list pages. `count`: the number of rows when the caller
    already knows it (a stored total), so the database is not asked to count them."""
    query = request.GET.copy()
    query.pop("page", None)
    paginator = Paginator(rows, size)
    if count is not None:
        paginator.count = count  # a cached property: set, it is not computed
    return {"page": paginator.get_page(request.GET.get("page")), "query": query.urlencode()}


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


# The audit log: auditors and administrators only (core.access.may_audit).

AUDIT_REFUSED = gettext_lazy("The audit log is for auditors and administrators.")
AUDIT_COLUMNS = ["link", "at", "user", "action", "object_type", "object_id", "object", "reason", "changes",
                 "table", "record_id", "digest"]


def _audit_filter(request):
    if not access.may_audit(request.user):
        raise PermissionDenied(AUDIT_REFUSED)
    return AuditLogFilter(request.GET or None, queryset=auditlog.links())


@login_required
def audit_log(request):
    filterset = _audit_filter(request)
    if not filterset.is_bound:
        rows = auditlog.links()
    else:  # a filter it cannot read lists nothing rather than everything; the form says what was wrong
        rows = filterset.qs if filterset.is_valid() else auditlog.links().none()
    context = paged(request, rows)
    chain = audit.state()
    chain["sealed_at"] = datetime.datetime.fromisoformat(chain["sealed_at"]) if chain["sealed_at"] else None
    context.update(entries=auditlog.entries(list(context["page"].object_list)), filter=filterset,
                   chain=chain, verification=Verification.objects.first())
    return render(request, "core/audit_log.html", context)


def _audit_rows(queryset):
    batch = []
    for link in queryset.iterator(chunk_size=2000):
        batch.append(link)
        if len(batch) == 2000:
            yield from _audit_row_batch(batch)
            batch = []
    yield from _audit_row_batch(batch)


def _audit_row_batch(batch):
    for e in auditlog.entries(batch):
        yield [e.link, e.at.isoformat() if e.at else "", e.user, e.type_label, e.object_type, e.object_id,
               e.object_label, e.reason, e.summary(), e.table, e.record_id, e.digest]


@login_required
def audit_log_export(request, fmt):
    filterset = _audit_filter(request)
    if filterset.is_bound and not filterset.is_valid():
        return HttpResponse(filterset.errors.as_text(), status=400, content_type="text/plain; charset=utf-8")
    rows = _audit_rows(filterset.qs if filterset.is_bound else auditlog.links())
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        exports.write_csv(response, AUDIT_COLUMNS, rows)
    else:
        response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        exports.write_xlsx(response, "audit-log", AUDIT_COLUMNS, rows)
    response["Content-Disposition"] = f'attachment; filename="granskningslogg.{fmt}"'
    return response


@login_required
def audit_digest(request):
    """Today's signed head, for the auditor to keep (the same document as `styr history-digest`)."""
    if not access.may_audit(request.user):
        raise PermissionDenied(AUDIT_REFUSED)
    try:
        document = audit.signed_digest()
    except ImproperlyConfigured as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(json.dumps(document, indent=1), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="styr-historik-{document["date"]}.json"'
    return response


@login_required
def suggest(request, kind):
    """Suggestions while typing into a SuggestField of `kind`: <option>s for its <datalist> (core.suggest)."""
    from . import suggest as suggestions

    if kind not in suggestions.registry.SUGGESTERS:
        raise Http404
    text = ""
    for name, value in request.GET.items():  # the field's own name, whatever the form calls it
        text = text or (value if name != "many" else "")
    many = request.GET.get("many") == "1"
    return render(request, "core/_suggestions.html",
                  {"options": suggestions.options(kind, text, request.user, many=many)})
