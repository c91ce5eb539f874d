"""The public catalogue: anyone may read it, nobody signs in, nothing is written. Every view is a public_route
(catalogue.protection: GET and HEAD only, rate-limited, cacheable) and reads only catalogue.queries' set — the same
for a signed-in visitor: the catalogue is what the public sees."""

import json

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render

from . import dcat, opendata, queries
from .protection import public_route

PAGE_SIZE = 25


def _base(request):
    """The site's own address, for the absolute links of the open data."""
    return request.build_absolute_uri("/").rstrip("/")


@public_route
def index(request):
    text = request.GET.get("q", "").strip()[:queries.MAX_QUERY]
    ids = queries.search(text).values_list("pk", flat=True)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    services = queries.with_owner(list(page.object_list)) if page.paginator.count else []
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "catalogue/index.html", {
        "q": text, "page": page, "services": services, "query": query.urlencode(),
        "publisher": opendata.publisher(),
    })


@public_route
def service(request, pk):
    if not queries.published().filter(pk=pk).exists():
        raise Http404("not in the public catalogue")
    found = queries.with_owner([pk])[0]
    return render(request, "catalogue/service.html", {"service": found, "publisher": opendata.publisher()})


@public_route
def open_data(request):
    base = _base(request)
    return render(request, "catalogue/open_data.html", {"publisher": opendata.publisher(), "base": base,
                                                         "license_name": settings.CATALOGUE_LICENSE_NAME,
                                                         "license_url": settings.CATALOGUE_LICENSE_URL})


@public_route
def services_json(request):
    return JsonResponse(opendata.as_json(_base(request)), json_dumps_params={"ensure_ascii": False})


@public_route
def services_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tjanster.csv"'
    opendata.write_csv(response, _base(request))
    return response


@public_route
def services_schema(request):
    return HttpResponse(json.dumps(opendata.SCHEMA, indent=2), content_type="application/schema+json")


@public_route
def dcat_jsonld(request):
    return HttpResponse(json.dumps(dcat.description(_base(request)), ensure_ascii=False, indent=2),
                        content_type="application/ld+json; charset=utf-8")


@public_route
def dcat_rdf(request):
    return HttpResponse(dcat.as_rdf_xml(_base(request)), content_type="application/rdf+xml; charset=utf-8")
