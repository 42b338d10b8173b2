#!/usr/bin/env python3
"""Pull distributions of a toystudy run: one panel per parameter, valid toys only, with the standard normal
and the fitted mean and width, plus how many toys failed.

    python3 analysis/plot_pulls.py results/seed-peak            # writes results/seed-peak/pulls.png
"""
import argparse
import csv
import json
import math
import pathlib
import sys

import numpy as np


def read_toys(directory):
    with open(directory / "toys.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows:
        sys.exit(f"{directory}/toys.csv has no toys")
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=pathlib.Path, help="a toystudy output directory")
    parser.add_argument("--output", type=pathlib.Path, help="image file (default: DIRECTORY/pulls.png)")
    parser.add_argument("--bins", type=int, default=40)
    args = parser.parse_args()

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = read_toys(args.directory)
    summary = json.loads((args.directory / "summary.json").read_text())
    names = list(summary["parameters"])
    valid = [row for row in rows if row["valid"] == "1"]
    columns = min(3, len(names))
    lines = math.ceil(len(names) / columns)
    figure, axes = plt.subplots(lines, columns, figsize=(4.2 * columns, 3.4 * lines), squeeze=False)
    edges = np.linspace(-5, 5, args.bins + 1)
    width = edges[1] - edges[0]
    for axis, name in zip(axes.flat, names):
        pulls = np.array([float(row[f"{name}_pull"]) for row in valid])
        pulls = pulls[np.isfinite(pulls)]
        axis.hist(pulls, bins=edges, histtype="step", color="k", label=f"{len(pulls)} valid toys")
        grid = np.linspace(-5, 5, 400)
        axis.plot(grid, len(pulls) * width * np.exp(-grid**2 / 2) / math.sqrt(2 * math.pi), "C0", label="N(0, 1)")
        stats = summary["parameters"][name]
        axis.set_title(f"{name}: mean {stats['pull_mean']:.3f} ± {stats['pull_mean_error']:.3f}, "
                       f"width {stats['pull_width']:.3f} ± {stats['pull_width_error']:.3f}", fontsize=9)
        axis.set_xlabel(f"pull of {name}")
        axis.legend(fontsize=8)
    for axis in list(axes.flat)[len(names):]:
        axis.set_visible(False)
    failed = summary["failed"]
    figure.suptitle(f"{summary['study']}: {summary['toys']} toys, {failed} failed fits excluded", fontsize=10)
    figure.tight_layout()
    output = args.output or args.directory / "pulls.png"
    figure.savefig(output, dpi=120)
    print(output)


if __name__ == "__main__":
    main()
