#!/usr/bin/env python3
"""Picture of a toystudy hypothesis test, for a talk or a review; the test is read from study.json's
`test.command`:

- significance: the q0 distribution of the background-only toys with the observed q0 and the asymptotic
  (1/2) delta(0) + (1/2) chi2_1 law; p-value and Z from toys and asymptotics.
- limit: the CLs scan (observed CLs with its error, asymptotic CLs, the expected median and the +-1 and +-2 sigma
  bands from the background-only toys at every point, the 1 - cl line, the limits), and the q~_mu distributions
  under signal+background and background only at the scan point nearest the observed limit.
- interval: the observed and critical t~_mu over the scan, the accepted region and the interval's ends.

The asymptotic laws are drawn per bin (the law's probability in each bin over the bin's width), so the toys' mass
at q = 0 (an estimate on the side the statistic does not count), which sits in the first bin, is compared with the
law's.

It needs numpy and matplotlib.

    python3 analysis/plot_hypothesis.py results/seed-weak-limit    # writes hypothesis.png and hypothesis.pdf there
"""
import argparse
import csv
import json
import math
import pathlib
import sys
from statistics import NormalDist

import numpy as np

# The standard normal CDF on arrays; the standard library's, so that the picture needs no scipy.
phi = np.vectorize(NormalDist().cdf, otypes=[float])

SIGNAL_PLUS_BACKGROUND, BACKGROUND = "sb", "b"


def number(value):
    """A summary or study number; null (NaN or infinite when written) is NaN."""
    return math.nan if value is None else float(value)


def read_statistics(directory):
    """q of the valid toys per (scan point, hypothesis), in toy order."""
    rows = {}
    with open(directory / "toys.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["valid"] == "1":
                rows.setdefault((int(row["point"]), row["hypothesis"]), []).append((int(row["toy"]), float(row["q"])))
    return {key: np.array([q for _, q in sorted(values)]) for key, values in rows.items()}


def used(statistics, point, hypothesis, count):
    """The `count` valid toys a result counted. A limit's adaptive rounds, a merged set of shards or a resumed run
    may store more toys than the summary used; the toys it counted are a prefix of the toy indices, so their valid
    ones are the first `count` valid toys in toy order."""
    q = statistics.get((point, hypothesis), np.empty(0))
    return q[:max(int(count), 0)]


def binned_law(cdf, edges):
    """A law's probability per bin over the bin width, with the probability at q = 0 in the first bin."""
    probabilities = np.diff(np.concatenate(([0.0], cdf(edges[1:]))))
    return probabilities / np.diff(edges)


def draw_distributions(axis, samples, laws, law_label, observed, bins):
    """Density histograms of q (log scale) with their asymptotic laws per bin and the observed value."""
    largest = max([observed] + [float(q.max()) for q, _, _ in samples if len(q)])
    edges = np.linspace(0, 1.05 * largest if largest > 0 else 1, bins + 1)
    width = edges[1] - edges[0]
    for (q, label, colour), cdf in zip(samples, laws):
        if len(q):
            axis.hist(q, bins=edges, weights=np.full(len(q), 1 / (len(q) * width)),
                      histtype="step", color=colour, linewidth=1.4, label=label)
        axis.stairs(binned_law(cdf, edges), edges, color=colour, linestyle="--", linewidth=1,
                    label=law_label if cdf is laws[0] else None)
    axis.axvline(observed, color="k", linewidth=1.5, label=f"observed {observed:.3g}")
    axis.set_yscale("log")
    # The laws' far tails would stretch the axis over decades no toy reaches: stop at a third of one toy per bin.
    toys = max([len(q) for q, _, _ in samples] + [1])
    axis.set_ylim(bottom=0.3 / (toys * width))
    axis.set_ylabel("probability density")
    axis.legend(fontsize=8, frameon=False)


def significance(figure, test, summary, statistics, bins):
    axis = figure.add_subplot()
    q0 = used(statistics, 0, BACKGROUND, summary["toys"])
    observed = number(summary["q0_observed"])
    z = number(summary["z"])
    z_text = f"{z:.2f}" if math.isfinite(z) else f"> {number(summary['z_lower_bound']):.2f}"
    label = (f"{len(q0)} background-only toys, {int(np.count_nonzero(q0 == 0))} at q0 = 0\n"
             f"p = {number(summary['p_value']):.3g} [{number(summary['p_value_low']):.3g}, "
             f"{number(summary['p_value_high']):.3g}], Z = {z_text}")
    draw_distributions(axis, [(q0, label, "C0")], [lambda q: phi(np.sqrt(q))],  # 1/2 + chi2_1's CDF / 2
                       r"asymptotic $\frac{1}{2}\delta(0) + \frac{1}{2}\chi^2_1$", observed, bins)
    left, right = axis.get_xlim()
    axis.axvspan(observed, right, color="0.9", zorder=0, label=r"p-value: $q_0 \geq$ observed")
    axis.set_xlim(left, right)
    axis.legend(fontsize=8, framealpha=0.9, edgecolor="none")
    axis.set_xlabel(f"$q_0$ ({test['poi']} = {number(test['boundary']):g})")
    axis.set_title(f"discovery significance of {test['poi']} ({test['poi']}^ = {number(summary['poi_hat']):.4g}): "
                   f"Z = {z_text} (toys), {number(summary['z_asymptotic']):.2f} (asymptotic, "
                   f"p = {number(summary['p_value_asymptotic']):.3g})", fontsize=10)


def q_tilde_laws(asimov):
    """The CDFs of q~_mu under the tested mu and under mu = 0 (Cowan, Cranmer, Gross, Vitells 2011), where the
    background-only Asimov dataset gives q~_mu = asimov = mu^2 / sigma^2."""
    a = asimov if math.isfinite(asimov) and asimov > 0 else 0.0
    root = math.sqrt(a)

    def tested(q):
        return phi(np.sqrt(q)) if a == 0 else \
            np.where(q <= a, phi(np.sqrt(q)), phi((q + a) / (2 * root)))

    def background(q):
        return phi(np.sqrt(q)) if a == 0 else \
            np.where(q <= a, phi(np.sqrt(q) - root), phi((q - a) / (2 * root)))
    return tested, background


def expected_cls(sb, b):
    """CLs at the background-only toys' 1 - Phi(N) quantiles for N = -2..2, the summary's rule for its bands
    (N = +1 is the weaker limit)."""
    if not len(sb) or not len(b):
        return [math.nan] * 5
    edges = np.quantile(b, phi(-np.arange(-2, 3)))
    with np.errstate(divide="ignore", invalid="ignore"):
        return [np.mean(sb >= edge) / np.mean(b >= edge) for edge in edges]


def limit(figure, test, summary, statistics, bins):
    scan, distributions = figure.subplots(1, 2, gridspec_kw={"width_ratios": [1.35, 1]})
    points = summary["points"]
    poi = np.array([number(p["poi"]) for p in points])
    cls = np.array([number(p["cls"]) for p in points])
    toys = [(used(statistics, i, SIGNAL_PLUS_BACKGROUND, p["toys_sb"]), used(statistics, i, BACKGROUND, p["toys_b"]))
            for i, p in enumerate(points)]
    band = np.array([expected_cls(sb, b) for sb, b in toys]).reshape(len(points), 5)
    level = 1 - number(summary["cl"])
    observed, asymptotic = number(summary["upper_limit"]), number(summary["upper_limit_asymptotic"])
    expected = {n: number(summary["expected"][str(n)]) for n in (-2, -1, 0, 1, 2)}

    scan.fill_between(poi, band[:, 0], band[:, 4], color="#ffcc00", label="expected ± 2σ")
    scan.fill_between(poi, band[:, 1], band[:, 3], color="#00cc00", label="expected ± 1σ")
    scan.plot(poi, band[:, 2], "k--", linewidth=1,
              label=f"expected median: {expected[0]:.4g} [{expected[-1]:.4g}, {expected[1]:.4g}]")
    scan.errorbar(poi, cls, yerr=[number(p["cls_error"]) for p in points], fmt="ko-", markersize=4, linewidth=1.2,
                  capsize=2, label=f"observed (toys): limit {observed:.4g}")
    scan.plot(poi, [number(p["cls_asymptotic"]) for p in points], "C3-", linewidth=1,
              label=f"observed (asymptotic): limit {asymptotic:.4g}")
    scan.axhline(level, color="C3", linestyle=":", linewidth=1, label=f"1 - cl = {level:.3g}")
    for value, marker in ((observed, "k*"), (expected[0], "wo"), (asymptotic, "C3*")):
        if math.isfinite(value):
            scan.plot(value, level, marker, markersize=9, markeredgecolor="k" if marker == "wo" else None, zorder=5)
    scan.set_ylim(0, 1.05)
    scan.set_xlabel(test["poi"])
    scan.set_ylabel("CLs")
    scan.set_title(f"{number(summary['cl']):.3g} CLs upper limit on {test['poi']}", fontsize=10)
    scan.legend(fontsize=7.5, frameon=False)

    target = observed if math.isfinite(observed) else asymptotic
    nearest = int(np.nanargmin(np.abs(poi - target))) if math.isfinite(target) else \
        int(np.nanargmin(np.abs(np.nan_to_num(cls, nan=math.inf) - level)))
    point, (sb, b) = points[nearest], toys[nearest]
    tested, background = q_tilde_laws(number(test["points"][nearest]["asimov"]))
    draw_distributions(distributions,
                       [(sb, f"{test['poi']} = {poi[nearest]:g}: {len(sb)} toys, CLs+b = {number(point['cls_b']):.3g}",
                         "C3"),
                        (b, f"{test['poi']} = 0: {len(b)} toys, CLb = {number(point['cl_b']):.3g}", "C0")],
                       [tested, background], "asymptotic (Asimov)", number(point["q_observed"]), bins)
    distributions.set_xlabel(rf"$\tilde q_\mu$ at {test['poi']} = {poi[nearest]:g}")
    distributions.set_title(f"test statistic at {test['poi']} = {poi[nearest]:g}: "
                            f"CLs = {number(point['cls']):.3g} ± {number(point['cls_error']):.2g}", fontsize=10)


def interval(figure, test, summary, statistics, bins):
    axis = figure.add_subplot()
    points = summary["points"]
    poi = np.array([number(p["poi"]) for p in points])
    lower, upper = number(summary["lower"]), number(summary["upper"])
    cl = number(summary["cl"])
    if math.isfinite(lower) and math.isfinite(upper):
        axis.axvspan(lower, upper, color="C2", alpha=0.2, label=f"accepted: [{lower:.4g}, {upper:.4g}]")
        for end in (lower, upper):
            axis.axvline(end, color="C2", linewidth=1.2)
    axis.plot(poi, [number(p["t_observed"]) for p in points], "ko-", markersize=4, label="observed")
    critical = [number(p["t_critical"]) for p in points]
    counts = sorted({p["toys"] for p in points})
    toys_per_point = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]}-{counts[-1]}"
    axis.plot(poi, critical, "C0s-", markersize=4,
              label=f"critical: {cl:.4g} quantile of {toys_per_point} toys per point")
    axis.axhline(NormalDist().inv_cdf((1 + cl) / 2) ** 2, color="C0", linestyle=":", linewidth=1,
                 label=r"$\chi^2_1$ quantile (asymptotic, away from the boundary)")
    top = np.nanmax([number(p["t_observed"]) for p in points] + critical)
    axis.set_ylim(0, min(top * 1.05, 4 * max(np.nanmax(critical), 1)) if math.isfinite(top) else 1)
    axis.set_xlabel(test["poi"])
    axis.set_ylabel(r"$\tilde t_\mu$")
    axis.set_title(f"{100 * cl:.4g}% Feldman-Cousins interval on {test['poi']}: [{lower:.4g}, {upper:.4g}] "
                   f"({test['poi']}^ = {number(test['poi_hat']):.4g})", fontsize=10)
    axis.legend(fontsize=8, frameon=False, loc="upper center")


DRAW = {"significance": (significance, (7, 4.8)), "limit": (limit, (13, 5)), "interval": (interval, (7.5, 4.8))}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=pathlib.Path,
                        help="the output directory of toystudy significance, limit or interval")
    parser.add_argument("--output", type=pathlib.Path,
                        help="image path without suffix; .png and .pdf are written (default: DIRECTORY/hypothesis)")
    parser.add_argument("--bins", type=int, default=40)
    args = parser.parse_args()
    files = [args.directory / name for name in ("study.json", "summary.json", "toys.csv")]
    if not all(path.exists() for path in files):
        sys.exit(f"{args.directory} has no study.json, summary.json and toys.csv; "
                 "give the output directory of a finished significance, limit or interval run")
    test = json.loads(files[0].read_text()).get("test")
    if test is None or test.get("command") not in DRAW:
        sys.exit(f"{args.directory} holds no hypothesis test (study.json has no test.command); "
                 "for a pull study use plot_pulls.py")

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    draw, size = DRAW[test["command"]]
    figure = plt.figure(figsize=size)
    draw(figure, test, json.loads(files[1].read_text()), read_statistics(args.directory), args.bins)
    study = json.loads(files[0].read_text())["name"]
    figure.suptitle(f"{study}: toystudy {test['command']} (seed {test['seed']})", fontsize=11)
    figure.tight_layout()
    stem = args.output or args.directory / "hypothesis"
    for suffix in (".png", ".pdf"):
        figure.savefig(stem.with_suffix(suffix), dpi=110)
        print(stem.with_suffix(suffix))


if __name__ == "__main__":
    main()
