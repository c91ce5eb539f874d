from core import charts


def _line():
    return charts.line_chart(chart_id="trend", title="Andel med ägare", description="Från 50 % 2024 till 70 % 2026.",
                             x_labels=[2024, 2025, 2026],
                             series=[("Utfall", [50, 60.5, None]), ("Prognos", [None, None, 70])],
                             unit="%", target=75)


def test_a_chart_is_accessible_svg_that_the_pages_policy_lets_draw():
    svg = _line()
    assert svg.startswith('<svg class="chart" role="img" aria-labelledby="trend-title trend-desc"')
    assert '<title id="trend-title">Andel med ägare</title>' in svg
    assert '<desc id="trend-desc">Från 50 % 2024 till 70 % 2026.</desc>' in svg
    # style attributes and <style> elements would be dropped by style-src 'self'; text stays text.
    assert "style=" not in svg and "<style" not in svg
    assert ">Mål<" in svg and ">Utfall<" in svg and "60%" in svg


def test_the_same_figures_give_the_same_bytes():
    assert _line() == _line()


def test_bars_write_their_values_in_swedish():
    svg = charts.bar_chart(chart_id="cost", title="Kostnad", description="d", categories=["HSN", "TN"],
                           series=[("2025", [1000, 2500.5])], unit="kr")
    assert "1\u202f000\u00a0kr" in svg and "2\u202f500,5\u00a0kr" in svg


def test_a_chart_is_drawn_once_for_the_same_figures_and_again_when_one_changes(monkeypatch):
    drawn = []
    real = charts._line_chart
    monkeypatch.setattr(charts, "_line_chart", lambda **kw: drawn.append(kw) or real(**kw))
    arguments = dict(chart_id="cached", title="T", description="D", x_labels=["a", "b"], series=[("S", [1, 2])])
    first = charts.line_chart(**arguments)
    assert charts.line_chart(**arguments) == first and len(drawn) == 1
    changed = charts.line_chart(**{**arguments, "series": [("S", [1, 3])]})
    assert len(drawn) == 2 and changed != first


def test_many_days_write_only_some_labels_the_latest_always():
    days = [f"2026-11-{d:02d}" for d in range(1, 31)]
    assert [label for label in charts._thinned(days, 6) if label] == days[4::5]
    assert charts._thinned(["2025", "2026"], 6) == ["2025", "2026"]
    svg = charts.line_chart(chart_id="days", title="T", description="D", x_labels=days, series=[("S", range(30))],
                            max_x_labels=6, y_range=(0, 100))
    assert ">2026-11-30<" in svg and ">2026-11-29<" not in svg and ">100%<" not in svg and ">100<" in svg


def test_a_missing_bar_is_written_as_a_dash_not_a_zero():
    svg = charts.bar_chart(chart_id="none", title="T", description="D", categories=["2025", "2026"],
                           series=[("kr", [None, 700])], unit="kr")
    assert svg.count(">–<") == 1 and ">700\u00a0kr<" in svg  # the axis still starts at 0 kr
    assert charts.number_text(None, "kr") == "–" and charts.number_text(1234567, "kr") == "1\u202f234\u202f567\u00a0kr"
