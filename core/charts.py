"""Charts as vector graphics (SVG) drawn by matplotlib, for pages and for the bokslut PDF (issue 10).

One place draws them so that every chart of Styr looks and reads alike:
- the SVG carries role="img", a <title> and a <desc> (its text alternative), so a screen reader announces
  what it shows; the page puts the table of the same numbers one click away (core/_chart.html);
- series differ by marker and line style as well as colour, and values are written on bars, so colour
  is never the only carrier of meaning (WCAG 1.4.1);
- text stays text in the SVG (svg.fonttype "none"), so it is selectable, extractable from the PDF and small;
- the same data gives the same bytes (fixed hash salt, no date), so a chart can be cached and tested.

Figures are made with matplotlib's object API, never pyplot: pyplot keeps global state that is not safe
between the threads of a web server.
"""

import hashlib
import io
import re
from decimal import Decimal

import matplotlib
from django.core.cache import cache
from django.utils.html import escape
from matplotlib.figure import Figure  # a Figure saved as SVG needs no GUI backend
from matplotlib.ticker import FuncFormatter, MaxNLocator

# Colours that stay apart for the common colour-vision deficiencies (Okabe–Ito), and markers and line
# styles that tell series apart without colour.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X"]
LINES = ["-", "--", "-.", ":", "-", "--", "-."]

RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "styr",
    # Names come from imports and users: a "$" is a dollar sign, not the start of mathematical text.
    "text.parse_math": False,
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _number(value):
    if value is None:
        return None
    return float(value) if isinstance(value, (Decimal, int)) else value


def _label(value, unit=""):
    """A value as Swedish text: decimal comma, thin space thousands, the unit after."""
    if value is None:
        return "–"
    text = f"{value:,.1f}" if abs(value - round(value)) > 1e-9 else f"{round(value):,}"
    text = text.replace(",", "\u202f").replace(".", ",")
    return f"{text}\u00a0{unit}" if unit and unit != "%" else f"{text}{unit}"


def _svg(figure, title, description):
    buffer = io.StringIO()
    with matplotlib.rc_context(RC):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]  # no XML declaration or DOCTYPE: the SVG is put inline in HTML
    # Scale with its container; the viewBox keeps the proportions.
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1', svg, count=1)
    svg = svg.replace("<svg", '<svg class="chart" role="img" aria-labelledby="{id}-title {id}-desc" '
                      'preserveAspectRatio="xMinYMin meet"', 1)
    svg = _presentational(svg)
    head = svg.index(">") + 1
    svg = (svg[:head] + f'<title id="{{id}}-title">{escape(title)}</title>'
           f'<desc id="{{id}}-desc">{escape(description)}</desc>' + svg[head:])
    return svg


def _attributes(match):
    pairs = []
    for declaration in match.group(1).split(";"):
        name, _colon, value = declaration.partition(":")
        name, value = name.strip(), value.strip().strip("'\"")
        if name and value:
            pairs.append(f'{name}="{value}"')
    return " ".join(pairs)


def _presentational(svg):
    """matplotlib writes style="…" attributes and a <style> element; the pages' Content-Security-Policy
    (style-src 'self', docs/decisions/0008) would drop both. The same properties as SVG presentation
    attributes are not styles to the policy, and draw the same."""
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.DOTALL)
    return re.sub(r'style="([^"]*)"', _attributes, svg)


def _finish(svg, chart_id):
    return svg.replace("{id}", chart_id)


def _figure(width, height):
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(width, height), dpi=72)
        axes = figure.add_subplot()
    return figure, axes


# Drawing a chart takes matplotlib 30–100 ms; the same figures give the same bytes, so a chart is kept in the
# cache under a hash of everything that goes into it and drawn again only when a figure changes
# (docs/decisions/0020). A day's snapshots or a year's outcomes change rarely; pages are read often.
CACHE_SECONDS = 24 * 3600


def _cached(kind, arguments, draw):
    key = "chart:" + hashlib.sha256(repr((kind, sorted(arguments.items()))).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = draw(**arguments)
        cache.set(key, svg, CACHE_SECONDS)
    return svg


def _thinned(labels, most):
    """Every n-th label, so that at most `most` of them stand under the axis (a month of days would overlap)."""
    if not most or len(labels) <= most:
        return [str(x) for x in labels]
    step = -(-len(labels) // most)
    last = len(labels) - 1
    return [str(x) if (last - i) % step == 0 else "" for i, x in enumerate(labels)]


def line_chart(*, chart_id, title, description, x_labels, series, unit="", target=None, width=6.4, height=3.0,
               y_range=None, max_x_labels=None):
    """A line per series over `x_labels` (years, months). `series` is [(label, [value or None, …])], the
    values in the order of x_labels; None leaves a gap. `target`, a value or a list of one per x label,
    draws a dashed target line. `y_range` (low, high) fixes the value axis (e.g. 0–100 for shares, so
    small multiples compare); `max_x_labels` writes only that many x labels, the latest always.
    Returns SVG markup with `chart_id` as the prefix of its ids."""
    return _cached("line", dict(chart_id=chart_id, title=str(title), description=str(description),
                                x_labels=list(x_labels),
                                series=[(str(label), list(values)) for label, values in series], unit=unit,
                                target=list(target) if isinstance(target, (list, tuple)) else target,
                                width=width, height=height, y_range=y_range, max_x_labels=max_x_labels),
                   _line_chart)


def _line_chart(*, chart_id, title, description, x_labels, series, unit, target, width, height, y_range,
                max_x_labels):
    with matplotlib.rc_context(RC):
        figure, axes = _figure(width, height)
        positions = list(range(len(x_labels)))
        for index, (label, values) in enumerate(series):
            numbers = [_number(v) for v in values]
            axes.plot(positions, [float("nan") if v is None else v for v in numbers], label=str(label),
                      color=COLOURS[index % len(COLOURS)], marker=MARKERS[index % len(MARKERS)],
                      linestyle=LINES[index % len(LINES)], linewidth=1.8, markersize=5)
        if target is not None:
            targets = target if isinstance(target, (list, tuple)) else [target] * len(x_labels)
            axes.plot(positions, [float("nan") if t is None else _number(t) for t in targets], label="Mål",
                      color="#555555", linestyle=(0, (4, 3)), linewidth=1.2)
        axes.set_xticks(positions, _thinned(x_labels, max_x_labels))
        if y_range is not None:
            axes.set_ylim(*y_range)
        axes.yaxis.set_major_locator(MaxNLocator(nbins=5))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _label(v, unit)))
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        if len(series) > 1 or target is not None:
            axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return _finish(_svg(figure, title, description), chart_id)


def bar_chart(*, chart_id, title, description, categories, series, unit="", horizontal=False,
              width=6.4, height=3.0):
    """Grouped bars: one group per category, one bar per series ([(label, [value, …])], values in the
    order of categories). Each bar has its value written at its end. Returns SVG markup."""
    return _cached("bar", dict(chart_id=chart_id, title=str(title), description=str(description),
                               categories=[str(c) for c in categories],
                               series=[(str(label), list(values)) for label, values in series], unit=unit,
                               horizontal=horizontal, width=width, height=height), _bar_chart)


def _bar_chart(*, chart_id, title, description, categories, series, unit, horizontal, width, height):
    with matplotlib.rc_context(RC):
        if horizontal:
            height = max(height, 0.35 * len(categories) * max(1, len(series)) + 0.8)
        figure, axes = _figure(width, height)
        count = max(1, len(series))
        thickness = 0.8 / count
        hatches = ["", "//", "..", "xx", "\\\\", "++", "--"]
        for index, (label, values) in enumerate(series):
            given = [_number(v) for v in values]
            numbers = [v or 0 for v in given]
            offsets = [i - 0.4 + thickness * (index + 0.5) for i in range(len(categories))]
            draw = axes.barh if horizontal else axes.bar
            bars = draw(offsets, numbers, thickness, label=str(label), color=COLOURS[index % len(COLOURS)],
                        hatch=hatches[index % len(hatches)], edgecolor="white", linewidth=0.5)
            axes.bar_label(bars, labels=[_label(v, unit) for v in given], padding=2, fontsize=7)  # – for none
        ticks = list(range(len(categories)))
        if horizontal:
            axes.set_yticks(ticks, [str(c) for c in categories])
            axes.invert_yaxis()
            axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _label(v, unit)))
            axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        else:
            axes.set_xticks(ticks, [str(c) for c in categories])
            axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _label(v, unit)))
            axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
        if len(series) > 1:
            axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return _finish(_svg(figure, title, description), chart_id)


def number_text(value, unit=""):
    """A value as the charts write it (decimal comma, thin space thousands, the unit after), for the table
    behind a chart, so table and chart read alike."""
    return _label(_number(value), unit)


def radar_chart(*, chart_id, title, description, categories, series, scale=(1, 5), width=5.2, height=4.6):
    """A radar (spider) chart: one spoke per category, one closed line per series ([(label, [value or None, …])],
    values in the order of categories) on the answer scale `scale` (low, high). A missing value (not comparable,
    not answered) leaves a gap in its series rather than a point at zero. Series differ by colour, marker and
    line style. Returns SVG markup with `chart_id` as the prefix of its ids."""
    return _cached("radar", dict(chart_id=chart_id, title=str(title), description=str(description),
                                 categories=[str(c) for c in categories],
                                 series=[(str(label), [_number(v) for v in values]) for label, values in series],
                                 scale=tuple(scale), width=width, height=height), _radar_chart)


def _radar_chart(*, chart_id, title, description, categories, series, scale, width, height):
    import math

    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(width, height), dpi=72)
        axes = figure.add_subplot(projection="polar")
        count = max(1, len(categories))
        angles = [2 * math.pi * i / count for i in range(count)]
        for index, (label, values) in enumerate(series):
            closed = [float("nan") if v is None else v for v in values] + [
                float("nan") if not values or values[0] is None else values[0]]
            axes.plot(angles + angles[:1], closed, label=label, color=COLOURS[index % len(COLOURS)],
                      marker=MARKERS[index % len(MARKERS)], linestyle=LINES[index % len(LINES)], linewidth=1.6,
                      markersize=4)
        axes.set_xticks(angles, categories)
        axes.set_ylim(0, scale[1])
        axes.set_yticks(list(range(scale[0], scale[1] + 1)))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _label(v)))
        axes.tick_params(axis="x", labelsize=7)
        axes.grid(color="#cccccc", linewidth=0.6)
        if series:
            axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.05, 1.05), fontsize=7)
        return _finish(_svg(figure, title, description), chart_id)
