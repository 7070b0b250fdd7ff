"""bench/charts.py on a tiny data set (host only, part of `make unit`):
each chart is an SVG that names its series, and a missing gnuplot is an
error that says which package to install, never a skipped chart."""
import os
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import charts  # noqa: E402

TIMER = {
    "bare": {"min": 0, "median": 0, "p99": 0, "max": 4},
    "shikiri": {"min": 32, "median": 32, "p99": 32, "max": 472},
    "xen": {"min": 904, "median": 1084, "p99": None, "max": 1084},
}


def _svg(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    return text


def test_quantile_chart_names_every_setup_and_quantile(tmp_path):
    out = str(tmp_path / "sub" / "timer.svg")
    assert charts.quantile_chart(out, "timer irq test", "ns", TIMER) == out
    text = _svg(out)
    for name in ("timer irq test", "bare", "shikiri", "xen") + charts.QUANTILES:
        assert name in text
    assert not os.path.exists(out + ".tmp")


def test_size_chart_names_every_module(tmp_path):
    out = str(tmp_path / "size.svg")
    modules = [("core/vgic_v3.c", 12000), ("arch/arm64/trap.c", 3000)]
    charts.size_chart(out, "size test", modules)
    text = _svg(out)
    for name, size in modules:
        assert name in text and str(size) in text


def test_no_data_is_an_error(tmp_path):
    with pytest.raises(charts.ChartError, match="no data"):
        charts.size_chart(str(tmp_path / "s.svg"), "t", [])
    with pytest.raises(charts.ChartError, match="no data"):
        charts.quantile_chart(str(tmp_path / "q.svg"), "t", "ns", {})


def test_missing_gnuplot_fails_naming_the_package(tmp_path, monkeypatch):
    monkeypatch.setenv("GNUPLOT", "shikiri-no-such-gnuplot")
    out = tmp_path / "timer.svg"
    with pytest.raises(charts.ChartError, match="gnuplot-nox"):
        charts.quantile_chart(str(out), "t", "ns", TIMER)
    assert not out.exists()


def test_a_quote_in_a_name_is_refused(tmp_path):
    with pytest.raises(charts.ChartError, match="holds"):
        charts.size_chart(str(tmp_path / "s.svg"), "t", [('a"b', 1)])
