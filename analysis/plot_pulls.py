#!/usr/bin/env python3
"""Pull picture of a toystudy run, for a talk or a review: one row per free parameter with three panels over the
valid toys: the pull histogram with the Gaussian fitted by toystudy (mean and width with their errors in the
legend) and N(0, 1); the fitted values with the truth marked; the HESSE errors. The title gives the study and
how many fits were valid and how many failed.

    python3 analysis/plot_pulls.py results/seed-peak     # writes results/seed-peak/pulls.png and pulls.pdf
"""
import argparse
import csv
import json
import math
import pathlib
import sys

import numpy as np


def read_columns(directory, names):
    """The value, error and pull columns of every parameter over the valid toys of toys.csv."""
    wanted = [f"{name}_{kind}" for name in names for kind in ("value", "error", "pull")]
    columns = {key: [] for key in wanted}
    with open(directory / "toys.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["valid"] == "1":
                for key in wanted:
                    columns[key].append(float(row[key]))
    return {key: np.array(values) for key, values in columns.items()}


def gaussian(grid, mean, width, area):
    return area * np.exp(-0.5 * ((grid - mean) / width) ** 2) / (width * math.sqrt(2 * math.pi))


def draw_pulls(axis, pulls, stats, bins):
    edges = np.linspace(-5, 5, bins + 1)
    width = edges[1] - edges[0]
    axis.hist(np.clip(pulls, -5, 5), bins=edges, histtype="step", color="k", label=f"{len(pulls)} toys")
    grid = np.linspace(-5, 5, 400)
    area = len(pulls) * width
    fit_mean, fit_width = stats.get("pull_fit_mean"), stats.get("pull_fit_width")
    if fit_mean is not None and fit_width is not None:
        axis.plot(grid, gaussian(grid, fit_mean, fit_width, area), "C3",
                  label=f"fit: mean {fit_mean:.3f} ± {stats['pull_fit_mean_error']:.3f}\n"
                        f"     width {fit_width:.3f} ± {stats['pull_fit_width_error']:.3f}")
    axis.plot(grid, gaussian(grid, 0, 1, area), "C0--", label="N(0, 1)")
    axis.set_xlabel("pull")
    axis.set_ylim(top=1.6 * axis.get_ylim()[1])
    axis.legend(fontsize=7, loc="upper left", frameon=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=pathlib.Path, help="a toystudy output directory")
    parser.add_argument("--output", type=pathlib.Path,
                        help="image path without suffix; .png and .pdf are written (default: DIRECTORY/pulls)")
    parser.add_argument("--bins", type=int, default=40)
    args = parser.parse_args()
    if not (args.directory / "summary.json").exists() or not (args.directory / "toys.csv").exists():
        sys.exit(f"{args.directory} has no summary.json and toys.csv; give the output directory of a finished study")

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    summary = json.loads((args.directory / "summary.json").read_text())
    names = list(summary["parameters"])
    if not names:
        sys.exit(f"{args.directory}: the study has no free parameters")
    columns = read_columns(args.directory, names)
    figure, axes = plt.subplots(len(names), 3, figsize=(12, 2.9 * len(names)), squeeze=False)
    for row, name in zip(axes, names):
        stats = summary["parameters"][name]
        pulls = columns[f"{name}_pull"]
        draw_pulls(row[0], pulls[np.isfinite(pulls)], stats, args.bins)
        row[0].set_title(f"{name}: pulls", fontsize=9)
        values = columns[f"{name}_value"]
        row[1].hist(values[np.isfinite(values)], bins=args.bins, histtype="step", color="k")
        row[1].axvline(stats["true"], color="C3", label=f"truth {stats['true']:g}")
        row[1].set_title(f"{name}: fitted values", fontsize=9)
        row[1].set_xlabel(name)
        row[1].set_ylim(top=1.3 * row[1].get_ylim()[1])
        row[1].legend(fontsize=7, loc="upper left", frameon=False)
        errors = columns[f"{name}_error"]
        row[2].hist(errors[np.isfinite(errors)], bins=args.bins, histtype="step", color="k")
        error_mean = stats.get("error_mean")  # null when no toy gave this parameter an error
        row[2].set_title(f"{name}: HESSE errors (mean {'n/a' if error_mean is None else f'{error_mean:.4g}'})",
                         fontsize=9)
        row[2].set_xlabel(f"error of {name}")
        for axis in row[1:]:
            axis.locator_params(axis="x", nbins=5)  # values such as 10003 or 0.00999 need room
    figure.suptitle(f"{summary['study']}: {summary['toys']} toys, {summary['valid']} valid fits, "
                    f"{summary['failed']} failed (excluded)", fontsize=11)
    figure.tight_layout()
    stem = args.output or args.directory / "pulls"
    for suffix in (".png", ".pdf"):
        figure.savefig(stem.with_suffix(suffix), dpi=110)
        print(stem.with_suffix(suffix))


if __name__ == "__main__":
    main()
