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
