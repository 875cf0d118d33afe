#!/usr/bin/env python3
"""Renders a Grafana dashboard's panels from recorded scrapes of GET /metrics, with matplotlib,
for a picture of the dashboard where no Grafana is at hand (Debian 12 does not package it).

Each panel's PromQL is evaluated by a small evaluator that knows exactly the forms the dashboard
uses: a selector; rate() and increase() over a range; sum/max/min with `by (...)`; and
histogram_quantile() with Prometheus' linear interpolation inside the bucket. Template variables
in matchers (`$instance`) match everything; `$__rate_interval` is --rate-interval seconds.
Panels are laid out by their gridPos (24 columns), stat panels as Grafana draws them (the last
value, mapped, on its colour, over a sparkline).

Usage: render.py DASHBOARD.json SCRAPES.jsonl OUT.png [--rate-interval S] [--title TEXT]
"""
import argparse
import datetime
import json
import math
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse_page(text):
    """{(name, frozenset(labels)): value} of one scrape."""
    series = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = SAMPLE.match(line)
        if not match:
            raise ValueError(f"not a sample line: {line!r}")
        name, labels, value = match.groups()
        pairs = {k: v.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\") for k, v in LABEL.findall(labels or "")}
        series[(name, frozenset(pairs.items()))] = float(value.replace("+Inf", "inf"))
    return series


class Evaluator:
    def __init__(self, scrapes, rate_interval):
        self.scrapes = scrapes  # [(epoch, {key: value})]
        self.rate_interval = rate_interval

    def evaluate(self, expr, index):
        """{labels frozenset: value} of `expr` at scrape `index`."""
        expr = expr.strip().replace("$__rate_interval", f"{self.rate_interval}s")
        match = re.fullmatch(r"histogram_quantile\(([\d.]+),\s*(.*)\)", expr, re.S)
        if match:
            return self.quantile(float(match.group(1)), self.evaluate(match.group(2), index))
        match = re.fullmatch(r"(sum|max|min) by \(([^)]*)\) \((.*)\)", expr, re.S) or re.fullmatch(
            r"(sum|max|min)\((.*)\)()", expr, re.S)
        if match:
            operator, by, inner = match.groups()
            if not inner:  # sum(x): the second pattern's groups are (operator, inner, "")
                by, inner = "", by
            return self.aggregate(operator, [b.strip() for b in by.split(",") if b.strip()],
                                  self.evaluate(inner, index))
        match = re.fullmatch(r"(rate|increase)\((.*)\[(\d+)s\]\)", expr, re.S)
        if match:
            function, selector, window = match.groups()
            return self.rate(selector, index, float(window), function == "increase")
        return self.select(expr, index)

    @staticmethod
    def matchers(selector):
        match = re.fullmatch(r"([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?", selector.strip())
        if not match:
            raise ValueError(f"unsupported expression: {selector}")
        tests = []
        for name, operator, value in re.findall(r'([a-zA-Z_]+)\s*(=~|!=|=)\s*"([^"]*)"', match.group(2) or ""):
            if "$" in value:
                continue  # a template variable: All
            tests.append((name, operator, value))
        return match.group(1), tests

    def series(self, selector, index):
        name, tests = self.matchers(selector)
        found = {}
        for (sample, labels), value in self.scrapes[index][1].items():
            if sample != name:
                continue
            values = dict(labels)
            ok = True
            for label, operator, wanted in tests:
                actual = values.get(label, "")
                if operator == "=":
                    ok &= actual == wanted
                elif operator == "!=":
                    ok &= actual != wanted
                else:
                    ok &= re.fullmatch(wanted, actual) is not None
            if ok:
                found[labels] = value
        return found

    def select(self, selector, index):
        return self.series(selector, index)

    def rate(self, selector, index, window, increase):
        now = self.scrapes[index][0]
        first = index
        while first > 0 and now - self.scrapes[first - 1][0] <= window + 1e-9:
            first -= 1
        if first == index:
            return {}
        earlier, later = self.series(selector, first), self.series(selector, index)
        span = now - self.scrapes[first][0]
        result = {}
        for labels, value in later.items():
            delta = value - earlier.get(labels, 0.0)
            if delta < 0:
                delta = value  # a counter reset
            result[labels] = delta if increase else delta / span
        return result

    @staticmethod
    def aggregate(operator, by, vector):
        groups = {}
        for labels, value in vector.items():
            key = frozenset((k, v) for k, v in labels if k in by)
            groups.setdefault(key, []).append(value)
        combine = {"sum": sum, "max": max, "min": min}[operator]
        return {key: combine(values) for key, values in groups.items()}

    @staticmethod
    def quantile(q, vector):
        groups = {}
        for labels, value in vector.items():
            values = dict(labels)
            le = float(values.pop("le").replace("+Inf", "inf"))
            groups.setdefault(frozenset(values.items()), []).append((le, value))
        result = {}
        for key, buckets in groups.items():
            buckets.sort()
            total = buckets[-1][1]
            if total <= 0:
                continue  # no observations in the window: no value (a gap, as in Grafana)
            rank = q * total
            lower_bound, lower_count = 0.0, 0.0
            for bound, count in buckets:
                if count >= rank:
                    if math.isinf(bound):
                        result[key] = lower_bound
                    else:
                        inside = count - lower_count
                        result[key] = lower_bound + (bound - lower_bound) * ((rank - lower_count) / inside if inside else 1)
                    break
                lower_bound, lower_count = bound, count
        return result


def legend(template, labels):
    values = dict(labels)
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: values.get(m.group(1), ""), template) or "value"


def unit_formatter(unit):
    def seconds(value, _):
        if value == 0:
            return "0"
        if value < 1e-3:
            return f"{value * 1e6:.0f} µs"
        if value < 1:
            return f"{value * 1e3:.3g} ms"
        return f"{value:.3g} s"

    def size(value, _):
        for factor, suffix in ((1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
            if abs(value) >= factor:
                return f"{value / factor:.3g} {suffix}"
        return f"{value:.0f} B"

    formatters = {
        "s": seconds, "bytes": size,
        "reqps": lambda v, _: f"{v:.3g} req/s", "ops": lambda v, _: f"{v:.3g}/s",
    }
    return FuncFormatter(formatters.get(unit, lambda v, _: f"{v:.4g}"))


BACKGROUND, PANEL, TEXT, GRID = "#111217", "#181b1f", "#ccccdc", "#2c3235"
# Grafana's classic palette, its ten most distinct colours first.
PALETTE = ["#73bf69", "#f2cc0c", "#8ab8ff", "#ff780a", "#f2495c", "#b877d9", "#1f78c1", "#ba43a9",
           "#96d98d", "#ffb357", "#705da0", "#508642", "#cca300", "#447ebc", "#c15c17", "#890f02"]


def draw_timeseries(axes, panel, evaluator, times):
    lines = {}
    for target in panel["targets"]:
        for index in range(len(times)):
            for labels, value in evaluator.evaluate(target["expr"], index).items():
                name = legend(target.get("legendFormat", ""), labels)
                lines.setdefault(name, [math.nan] * len(times))[index] = value
    # The busiest series first; a legend of at most 10 keeps the panel readable.
    ranked = sorted(lines.items(), key=lambda item: -max((v for v in item[1] if not math.isnan(v)), default=0))
    for number, (name, values) in enumerate(ranked):
        axes.plot(times, values, color=PALETTE[number % len(PALETTE)], linewidth=1.6,
                  label=name if number < 10 else None)
    unit = panel.get("fieldConfig", {}).get("defaults", {}).get("unit", "short")
    axes.yaxis.set_major_formatter(unit_formatter(unit))
    if panel.get("fieldConfig", {}).get("defaults", {}).get("min") == 0:
        axes.set_ylim(bottom=0)
    if lines:
        extra = f" (+{len(ranked) - 10} more)" if len(ranked) > 10 else ""
        shown = axes.legend(loc="upper left", fontsize=8, ncol=2 if len(ranked) > 4 else 1, frameon=False,
                            labelcolor=TEXT, title=extra or None, title_fontsize=8, alignment="left")
        shown.get_title().set_color(TEXT)
    else:
        axes.text(0.5, 0.5, "No data", color=TEXT, ha="center", va="center", transform=axes.transAxes)


def draw_stat(axes, panel, evaluator, times):
    target = panel["targets"][0]
    values = []
    for index in range(len(times)):
        vector = evaluator.evaluate(target["expr"], index)
        values.append(max(vector.values()) if vector else math.nan)
    last = next((v for v in reversed(values) if not math.isnan(v)), math.nan)
    mapping = panel["fieldConfig"]["defaults"]["mappings"][0]["options"].get(f"{last:.0f}", {})
    colours = {"green": "#37872d", "red": "#c4162a"}
    axes.set_facecolor(colours.get(mapping.get("color"), PANEL))
    axes.plot(times, values, color="white", alpha=0.45, linewidth=1.4, drawstyle="steps-post")
    axes.fill_between(times, values, step="post", color="white", alpha=0.12)
    axes.set_ylim(-0.1, 3.2)
    axes.text(0.5, 0.62, mapping.get("text", f"{last:g}"), color="white", fontsize=22, fontweight="bold",
              ha="center", va="center", transform=axes.transAxes)
    axes.text(0.5, 0.93, "now; the line shows the run", color="white", alpha=0.7, fontsize=7, ha="center",
              va="top", transform=axes.transAxes)
    axes.set_yticks([])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dashboard")
    parser.add_argument("scrapes")
    parser.add_argument("out")
    parser.add_argument("--rate-interval", type=int, default=10)
    parser.add_argument("--title", default="")
    arguments = parser.parse_args()
    dashboard = json.load(open(arguments.dashboard))
    scrapes = []
    for line in open(arguments.scrapes):
        record = json.loads(line)
        scrapes.append((record["epoch"], parse_page(record["text"])))
    evaluator = Evaluator(scrapes, arguments.rate_interval)
    times = [datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc) for epoch, _ in scrapes]

    rows = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in dashboard["panels"])
    width, row_height, header = 20.0, 0.52, 0.55
    height = rows * row_height + header
    figure = plt.figure(figsize=(width, height), facecolor=BACKGROUND, dpi=110)
    title = dashboard["title"] + (f" — {arguments.title}" if arguments.title else "")
    figure.text(0.008, 1 - 0.12 / height, title, color=TEXT, fontsize=15, fontweight="bold", va="top")
    span = f"{times[0]:%Y-%m-%d %H:%M:%S} to {times[-1]:%H:%M:%S} UTC"
    figure.text(0.992, 1 - 0.14 / height, span, color=TEXT, fontsize=9, va="top", ha="right")
    gap = 0.08
    for panel in dashboard["panels"]:
        grid = panel["gridPos"]
        left = grid["x"] / 24 * width + gap
        top = grid["y"] * row_height + header + gap
        panel_width = grid["w"] / 24 * width - 2 * gap
        panel_height = grid["h"] * row_height - 2 * gap
        frame = figure.add_axes([left / width, 1 - (top + panel_height) / height, panel_width / width,
                                 panel_height / height])
        frame.set_facecolor(PANEL)
        frame.set_xticks([])
        frame.set_yticks([])
        for spine in frame.spines.values():
            spine.set_color(GRID)
        frame.text(0.01, 0.985, panel["title"], color=TEXT, fontsize=10, fontweight="bold", va="top",
                   transform=frame.transAxes)
        is_stat = panel["type"] == "stat"
        inner_left, inner_bottom = (0.03, 0.05) if is_stat else (0.75, 0.38)
        axes = figure.add_axes([(left + inner_left) / width, 1 - (top + panel_height - inner_bottom) / height,
                                (panel_width - inner_left - 0.12) / width,
                                (panel_height - inner_bottom - 0.34) / height])
        axes.set_facecolor(PANEL)
        axes.tick_params(colors=TEXT, labelsize=8)
        for spine in axes.spines.values():
            spine.set_visible(False)
        axes.grid(color=GRID, linewidth=0.6)
        axes.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M:%S", tz=datetime.timezone.utc))
        axes.xaxis.set_major_locator(mdates.SecondLocator(bysecond=range(0, 60, 30 if grid["w"] >= 12 else 60)))
        axes.set_xlim(times[0], times[-1])
        if is_stat:
            draw_stat(axes, panel, evaluator, times)
            axes.set_xticks([])
            axes.grid(False)
        else:
            draw_timeseries(axes, panel, evaluator, times)
    figure.savefig(arguments.out, facecolor=BACKGROUND)


if __name__ == "__main__":
    main()
