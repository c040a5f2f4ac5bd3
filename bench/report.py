"""
Turn bench/results/*.json into the tables of bench/RESULTS.md and the chart bench/latency.png.

    python bench/report.py

RESULTS.md keeps what is written by hand around the generated part, which sits between
the two BEGIN/END RESULTS markers and is replaced on every run.
"""

import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "RESULTS.md"
CHART = BENCH / "latency.png"
BEGIN, END = "<!-- BEGIN RESULTS -->", "<!-- END RESULTS -->"

# Issue 6's targets, at 100,000 articles: (endpoint, measure, limit, how it is read).
TARGETS = [
    ("article", "requests_per_second", 0.5, "cached article page ≥ ½ the static file's rate"),
    ("article_uncached", "p99_ms", 25, "uncached article page p99 < 25 ms"),
    ("search", "p95_ms", 50, "search p95 < 50 ms"),
    ("api_list", "p99_ms", 30, "API list p99 < 30 ms"),
]
# …and at 1,000,000.
TARGETS_1M = [("admin_list", "p99_ms", 500, "admin article list < 500 ms (p99)")]


def main():
    runs = sorted(
        (json.loads(path.read_text()) for path in (BENCH / "results").glob("*.json")),
        key=lambda run: run["articles"],
    )
    if not runs:
        sys.exit("No results in bench/results/: run bench/run.py first.")
    chart(runs)
    generated = "\n".join([about(runs), *map(table, runs), targets(runs), latency_table(runs)])
    text = RESULTS.read_text() if RESULTS.exists() else f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    RESULTS.write_text(f"{head}{BEGIN}\n{generated}\n{END}{tail}")
    print(f"Wrote {RESULTS} and {CHART}")


def about(runs):
    first = runs[0]
    return "\n".join(
        [
            f"Measured {', '.join(run['measured_at'] for run in runs)}.",
            "",
            f"- Machine: {first['machine']}",
            f"- Database: {first['database']}, one file on local disk",
            f"- Server: {first['server']}",
            f"- Load: {first['load']}",
            "",
        ]
    )


def table(run):
    lines = [
        f"### {run['articles']:,} articles ({run['database_bytes'] / 2**20:,.0f} MiB database)",
        "",
        "| Endpoint | Page cache | Clients | Requests/s | p50 ms | p95 ms | p99 ms | Errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for result in run["endpoints"]:
        lines.append(
            f"| {result['description']} | {result['page_cache']} | {result['connections']} "
            f"| {result['requests_per_second']:,.0f} | {result['p50_ms']:.1f} "
            f"| {result['p95_ms']:.1f} | {result['p99_ms']:.1f} | {result['errors']} |"
        )
    return "\n".join(lines) + "\n"


def latency_table(runs):
    names = [result["name"] for result in runs[-1]["endpoints"]]
    header = " | ".join(f"{run['articles']:,}" for run in runs)
    lines = [
        "### p99 latency (ms) against the number of articles",
        "",
        f"| Endpoint | {header} |",
        "|---|" + "---:|" * len(runs),
    ]
    for name in names:
        cells = []
        for run in runs:
            found = {result["name"]: result for result in run["endpoints"]}.get(name)
            cells.append(f"{found['p99_ms']:.1f}" if found else "–")
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return "\n".join(lines) + "\n\n![p50 and p99 latency against N](latency.png)\n"


def targets(runs):
    lines = ["### Targets", "", "| Articles | Target | Measured | Met |", "|---:|---|---|---|"]
    for articles, checks in ((100_000, TARGETS), (1_000_000, TARGETS_1M)):
        run = next((run for run in runs if run["articles"] == articles), None)
        if run is None:
            lines.append(f"| {articles:,} | (no run yet) | | |")
            continue
        found = {result["name"]: result for result in run["endpoints"]}
        for name, measure, limit, label in checks:
            value = found[name][measure]
            if measure == "requests_per_second":
                ceiling = found["static"]["requests_per_second"]
                measured = f"{value:,.0f} req/s = {value / ceiling:.0%} of {ceiling:,.0f}"
                met = value >= limit * ceiling
            else:
                measured, met = f"{value:.1f} ms", value < limit
            lines.append(f"| {articles:,} | {label} | {measured} | {'yes' if met else '**no**'} |")
    return "\n".join(lines) + "\n"


def chart(runs):
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(1, 2, figsize=(13, 5.5), sharey=True)
    counts = [run["articles"] for run in runs]
    names = [result["name"] for result in runs[-1]["endpoints"]]
    colours = pyplot.get_cmap("tab20").colors
    for axis, measure in zip(axes, ["p50_ms", "p99_ms"], strict=True):
        axis.set_prop_cycle(color=colours[: len(names)])
        for name in names:
            values = [
                {result["name"]: result for result in run["endpoints"]}.get(name, {}).get(measure)
                for run in runs
            ]
            axis.plot(counts, values, marker="o", label=name)
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("articles in the database")
        axis.set_title(f"{measure.removesuffix('_ms')} latency (ms)")
        axis.grid(True, which="both", alpha=0.3)
    axes[1].legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    figure.suptitle(f"Newsroom under wrk: {runs[-1]['server']}")
    figure.tight_layout()
    figure.savefig(CHART, dpi=110)


if __name__ == "__main__":
    main()
