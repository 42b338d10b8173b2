#!/usr/bin/env python3
"""Correlation matrix of the fitted values of a toystudy run (over the valid toys, from summary.json), each cell
labelled with its coefficient.

    python3 analysis/plot_correlations.py results/seed-peak   # writes correlations.png and correlations.pdf
"""
import argparse
import json
import pathlib
import sys

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=pathlib.Path, help="a toystudy output directory")
    parser.add_argument("--output", type=pathlib.Path,
                        help="image path without suffix; .png and .pdf are written (default: DIRECTORY/correlations)")
    args = parser.parse_args()
    path = args.directory / "summary.json"
    if not path.exists():
        sys.exit(f"{args.directory} has no summary.json; give the output directory of a finished study")
    summary = json.loads(path.read_text())
    if "correlations" not in summary:
        sys.exit(f"{path} has no correlations; rewrite it with this toystudy: toystudy summarize {args.directory}")

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(summary["parameters"])
    matrix = np.array([[np.nan if c is None else c for c in row] for row in summary["correlations"]], dtype=float)
    size = 1.0 + 0.8 * len(names)
    figure, axis = plt.subplots(figsize=(size + 1.2, size))
    image = axis.imshow(matrix, cmap="RdBu_r", vmin=-1, vmax=1)
    axis.set_xticks(range(len(names)), names, rotation=45, ha="right")
    axis.set_yticks(range(len(names)), names)
    for i in range(len(names)):
        for j in range(len(names)):
            text = "n/a" if np.isnan(matrix[i, j]) else f"{matrix[i, j]:+.2f}"
            axis.text(j, i, text, ha="center", va="center", fontsize=8,
                      color="white" if abs(np.nan_to_num(matrix[i, j])) > 0.6 else "black")
    figure.colorbar(image, ax=axis, label="correlation of fitted values")
    axis.set_title(f"{summary['study']}: {summary['valid']} valid fits", fontsize=10)
    figure.tight_layout()
    stem = args.output or args.directory / "correlations"
    for suffix in (".png", ".pdf"):
        figure.savefig(stem.with_suffix(suffix), dpi=110)
        print(stem.with_suffix(suffix))


if __name__ == "__main__":
    main()
