"""The bokslut as a PDF through WeasyPrint: the HTML of templates/reports/bokslut.html with the print stylesheet
beside it, the charts inline as vector SVG. The PDF is tagged (PDF/UA-1 as far as WeasyPrint goes), carries the
title and the language (sv) from the HTML, and its text is text (docs/decisions/0018)."""

import base64
import html as html_text
import re
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from core import registry

from . import charts

STYLESHEET = Path(__file__).resolve().parent / "templates" / "reports" / "bokslut.css"


def title(data):
    return _("Digitalisation and innovation bokslut %(year)s — %(name)s") % {"year": data["year"],
                                                                              "name": author(data)}


def author(data):
    owner = data["organisation"] or data["region"]
    return owner.name if owner is not None else _("The region")


def image(svg):
    """A chart as an image of its SVG (a data: URL) with its text alternative. WeasyPrint draws an SVG image as
    vectors, as it draws inline SVG, but the document's HTML and its styles then hold one element per chart, not
    the thousands of the drawing: the PDF is made in a fraction of the time, and the tagged PDF gets a Figure
    with the chart's title and description as its alternate text."""
    title = re.search(r"<title[^>]*>(.*?)</title>", svg, re.DOTALL)
    description = re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.DOTALL)
    alt = " ".join(html_text.unescape(m.group(1)) for m in (title, description) if m)
    return {"src": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii"), "alt": alt}


def html(data):
    """The document as HTML (Swedish, whatever language the caller runs in): the charts drawn here."""
    with translation.override("sv"):
        for index, entry in enumerate(entry for area in data["focus_areas"] for entry in area["indicators"]):
            if any(row[key] is not None for row in entry["rows"] for key in ("target", "outcome", "forecast")):
                entry["chart"] = image(charts.indicator_trend(entry, index))
        drawn = {}
        if any(value is not None for _year, value in data["grade"]["trend"]):
            drawn["grade"] = image(charts.grade_trend(data["grade"]))
        measured = [row for row in data["rules"]["scorecard"] if row["share"] is not None]
        if measured:  # a rule that applies to no service has no share to draw
            drawn["scorecard"] = image(charts.scorecard(measured))
        if data["rules"]["trend"]:
            drawn["rule_trend"] = image(charts.rule_trend(data["rules"]["trend"]))
        if data["register"]["by_phase"]:
            drawn["phase"] = image(charts.register_by_phase(data["register"]["by_phase"]))
        if data["costs"]["rows"]:
            drawn["costs"] = image(charts.costs(data["costs"]["rows"], data["year"]))
        return render_to_string("reports/bokslut.html", {
            "b": data, "charts": drawn, "title": title(data), "author": author(data), "rules": registry.rules(),
        })


def render(data):
    """PDF bytes."""
    from weasyprint import CSS, HTML  # loaded when a PDF is made: pango is a heavy import for every process

    document = HTML(string=html(data), base_url=str(STYLESHEET.parent))
    return document.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))], pdf_variant="pdf/ua-1",
                              pdf_identifier=f"styr-bokslut-{data['year']}".encode())
