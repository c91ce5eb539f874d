"""The nearest levels of an impact as a picture: SVG drawn on the server, one column per depth.

Like core.charts: role="img" with a <title> and a <desc> as its text alternative, the table of the same
services beside it (the template), and no style attribute, <style> element or script, so the pages'
Content-Security-Policy keeps it (docs/decisions/0008). Colour is never the only carrier: a node's
criticality is written in it. Each node the user may see is a link to its service."""

from django.utils.html import escape
from django.utils.translation import gettext as _

NODE_WIDTH, NODE_HEIGHT, COLUMN_GAP, ROW_GAP, MARGIN = 190, 34, 70, 10, 8
FILL = {"critical": "#fde0d9", "high": "#fdeccd", "medium": "#e6f0fa", "low": "#eef5ee"}


def _short(text, most=26):
    return text if len(text) <= most else text[:most - 1] + "…"


def draw(*, chart_id, start_name, columns, edges, more, title, description):
    """`columns` is [[node, …] per depth 1, 2 …], a node {"id", "name", "criticality", "criticality_label",
    "url" (or "" when not to be linked)}; `edges` is [(from id, to id)] among the nodes (0 is the start);
    `more` the count of services reached but not drawn. Arrows point the way a stop travels: from the start
    to what stops with it, or from what the start needs back to the start."""
    height = max([1, *(len(column) for column in columns)]) * (NODE_HEIGHT + ROW_GAP) + 2 * MARGIN + 20
    width = (len(columns) + 1) * (NODE_WIDTH + COLUMN_GAP) + 2 * MARGIN
    places = {0: (MARGIN, MARGIN)}
    for depth, column in enumerate(columns, start=1):
        for row, node in enumerate(column):
            places[node["id"]] = (MARGIN + depth * (NODE_WIDTH + COLUMN_GAP), MARGIN + row * (NODE_HEIGHT + ROW_GAP))
    parts = [
        f'<svg class="impact-graph" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<defs><marker id="{chart_id}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#444"/></marker></defs>',
    ]
    for source, target in edges:
        if source not in places or target not in places:
            continue
        (x1, y1), (x2, y2) = places[source], places[target]
        start_x, end_x = (x1 + NODE_WIDTH, x2) if x1 < x2 else (x1, x2 + NODE_WIDTH)
        parts.append(f'<line x1="{start_x}" y1="{y1 + NODE_HEIGHT // 2}" x2="{end_x}" y2="{y2 + NODE_HEIGHT // 2}" '
                     f'stroke="#666" stroke-width="1.2" marker-end="url(#{chart_id}-arrow)"/>')
    parts.append(_node(places[0], start_name, "", "", "#ffffff", stroke_width=2.5))
    for column in columns:
        for node in column:
            parts.append(_node(places[node["id"]], node["name"], node["criticality_label"], node["url"],
                               FILL.get(node["criticality"], "#f4f4f4")))
    if more:
        text = _("and %(n)s more") % {"n": f"{more:,}".replace(",", "\u00a0")}
        parts.append(f'<text x="{MARGIN}" y="{height - MARGIN}" font-size="12" fill="#222">{escape(text)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _node(place, name, criticality, url, fill, stroke_width=1):
    x, y = place
    label = escape(_short(name))
    body = (f'<rect x="{x}" y="{y}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="4" fill="{fill}" '
            f'stroke="#333" stroke-width="{stroke_width}"/>'
            f'<text x="{x + 6}" y="{y + 14}" font-size="12" fill="#111">{label}</text>')
    if criticality:
        body += f'<text x="{x + 6}" y="{y + 28}" font-size="10" fill="#333">{escape(criticality)}</text>'
    if url:
        return f'<a href="{escape(url)}"><title>{escape(name)}</title>{body}</a>'
    return f"<g>{body}</g>"
