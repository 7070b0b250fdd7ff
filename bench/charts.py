"""SVG charts of `make bench` (bench/run.py), drawn by gnuplot.

gnuplot-nox from Debian's archive (scripts/deps.sh) rather than
python3-matplotlib: 3 MiB installed against about 350 MiB with what
matplotlib depends on (numpy, scipy, sympy, ...), and its SVG terminal needs
no display. A missing gnuplot is an error (ChartError), never a skipped
chart.

Two kinds of chart:
  quantile_chart  latency summaries, one group of bars per setup: the min,
                  median, p99 and max a benchmark prints (timer interrupt
                  bare / shikiri / Xen; the RTOS's timer-to-task dedicated /
                  shared). Log scale: the setups differ by 1000x.
  size_chart      bytes per module, one horizontal bar each: a plain list of
                  (module, bytes), whatever measured it.
"""
import os
import shutil
import subprocess

QUANTILES = ("min", "median", "p99", "max")
# gnuplot reads its data inline (a datablock), so names must not hold the
# characters its string syntax or the datablock's columns give a meaning.
_BAD_NAME_CHARS = "\"\n\t"


class ChartError(Exception):
    """The chart could not be written; the message says why."""


def gnuplot_path():
    """The gnuplot program ($GNUPLOT, else gnuplot on PATH), or ChartError
    naming the package that provides it."""
    name = os.environ.get("GNUPLOT", "gnuplot")
    path = shutil.which(name)
    if path is None:
        raise ChartError(
            f"charts: {name!r} not found: the bench charts need gnuplot "
            f"(Debian package gnuplot-nox: run scripts/deps.sh, or "
            f"apt-get install --no-install-recommends gnuplot-nox)")
    return path


def _quote(text):
    for c in _BAD_NAME_CHARS:
        if c in text:
            raise ChartError(f"charts: name {text!r} holds {c!r}")
    return '"' + text + '"'


def _run(script, out):
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    tmp = out + ".tmp"
    proc = subprocess.run([gnuplot_path()], input=script, text=True,
                          capture_output=True, timeout=60, check=False)
    if proc.returncode != 0 or not os.path.exists(tmp):
        raise ChartError(f"charts: gnuplot failed writing {out} (exit "
                         f"{proc.returncode}): {proc.stderr.strip()}")
    os.replace(tmp, out)
    return out


def _header(out, title, width, height):
    return (f"set terminal svg size {width},{height} dynamic "
            f"font 'sans,12' noenhanced background rgb 'white'\n"
            f"set output {_quote(out + '.tmp')}\n"
            f"set title {_quote(title)}\n"
            "set key outside right top\n"
            "set grid ytics\n")


def quantile_chart(out, title, ylabel, series):
    """Writes `out` (SVG): per setup in `series` ({setup: {quantile: value
    or None}}, in order), a bar for each of QUANTILES. Values below 1 are
    drawn at 1 (log scale), a missing value is left out. Returns out."""
    if not series:
        raise ChartError(f"charts: {out}: no data")
    rows = []
    for setup, values in series.items():
        cells = []
        for q in QUANTILES:
            v = values.get(q)
            cells.append("NaN" if v is None else f"{max(float(v), 1.0):g}")
        rows.append(f"{_quote(setup)} " + " ".join(cells))
    plots = ", ".join(
        f"$data using {i + 2}:xtic(1) title {_quote(q)}"
        for i, q in enumerate(QUANTILES))
    script = (_header(out, title, 800, 420)
              + "$data << EOD\n" + "\n".join(rows) + "\nEOD\n"
              + f"set ylabel {_quote(ylabel + ', log (0 as 1)')}\n"
              "set logscale y\n"
              "set yrange [0.8:*]\n"
              "set style data histograms\n"
              "set style histogram clustered gap 1\n"
              "set style fill solid 0.8 border -1\n"
              "set boxwidth 0.9\n"
              f"plot {plots}\n")
    return _run(script, out)


def size_chart(out, title, modules):
    """Writes `out` (SVG): one horizontal bar of bytes per (module, bytes)
    of `modules`, in the order given. Returns out."""
    if not modules:
        raise ChartError(f"charts: {out}: no data")
    rows = [f"{i} {int(size)} {_quote(str(name))}"
            for i, (name, size) in enumerate(modules)]
    height = 120 + 22 * len(modules)
    script = (_header(out, title, 800, height)
              + "$data << EOD\n" + "\n".join(rows) + "\nEOD\n"
              + "set xlabel \"bytes\"\n"
              "set format x \"%.1s%c\"\n"
              "set key off\n"
              "set grid xtics\n"
              "set yrange [-0.7:*] reverse\n"
              "set xrange [0:*]\n"
              "set offsets 0, graph 0.15, 0, 0\n"
              "set style fill solid 0.8 border -1\n"
              "plot $data using ($2/2):1:($2/2):(0.4):yticlabels(3) "
              "with boxxyerror title \"bytes\", "
              "$data using 2:1:(sprintf(\" %d\", $2)) with labels left "
              "notitle\n")
    return _run(script, out)
