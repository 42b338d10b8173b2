#!/usr/bin/env python3
"""Fit one dataset with iminuit and with `toystudy fit`, and print both side by side.

The model comes from the study config (every pdf of toystudy, normalised numerically on the observable range);
iminuit minimises the same extended unbinned NLL (errordef 0.5) from the same start values and limits.

    python3 analysis/crosscheck_iminuit.py jobs/examples/seed-peak.json Tests/Fixtures/seed-peak.csv
    .build/release/toystudy generate --config jobs/examples/seed-peak.json --toy 7 --output toy7.csv
    python3 analysis/crosscheck_iminuit.py jobs/examples/seed-peak.json toy7.csv
"""
import argparse
import csv
import json
import subprocess
import sys

import numpy as np
from iminuit import Minuit
from iminuit.cost import ExtendedUnbinnedNLL
from scipy import integrate


def shape(pdf, x, p, lo, hi):
    """Unnormalised densities with toystudy's conventions (README, pdf table)."""
    if pdf == "gaussian":
        return np.exp(-0.5 * ((x - p["mu"]) / p["sigma"]) ** 2)
    if pdf == "exponential":
        return np.exp(-x / p["tau"])
    if pdf == "uniform":
        return np.ones_like(x)
    if pdf == "crystal_ball":
        t = (x - p["mu"]) / p["sigma"]
        a, n = abs(p["alpha"]), p["n"]
        tail = (n / a) ** n * np.exp(-a * a / 2) * np.power(np.maximum(n / a - a - t, 1e-300), -n)
        return np.where(t > -a, np.exp(-t * t / 2), tail)
    if pdf == "chebyshev":
        t = (2 * x - (lo + hi)) / (hi - lo)
        coefficients = [1.0] + [p[f"c{k}"] for k in range(1, 9) if f"c{k}" in p]
        return np.polynomial.chebyshev.chebval(t, coefficients)
    if pdf == "argus":
        z = 1 - (x / p["m0"]) ** 2
        return np.where(z > 0, x * np.sqrt(np.maximum(z, 0)) * np.exp(p["c"] * z), 0.0)
    if pdf == "breit_wigner":
        return 1 / ((x - p["mean"]) ** 2 + p["width"] ** 2 / 4)
    sys.exit(f"unknown pdf {pdf}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("config")
    parser.add_argument("data")
    parser.add_argument("--toystudy", default=".build/release/toystudy")
    args = parser.parse_args()

    config = json.load(open(args.config))
    observable = config["observable"]
    lo, hi = observable["min"], observable["max"]
    with open(args.data, newline="") as handle:
        x = np.array([float(row[observable["name"]]) for row in csv.DictReader(handle)])
    x = x[(x >= lo) & (x <= hi)]
    names = list(config["parameters"])

    def density(values, *parameters):
        p = dict(zip(names, parameters))
        total = 0.0
        result = np.zeros_like(values)
        for component in config["model"]:
            roles = {role: p[name] for role, name in component.get("parameters", {}).items()}
            norm = integrate.quad(lambda v: shape(component["pdf"], np.array([v]), roles, lo, hi)[0], lo, hi, limit=200)[0]
            yield_ = p[component["yield"]]
            total += yield_
            result = result + yield_ * shape(component["pdf"], values, roles, lo, hi) / norm
        return total, result

    cost = ExtendedUnbinnedNLL(x, density)
    start = [config["parameters"][n].get("start", config["parameters"][n]["value"]) for n in names]
    minuit = Minuit(cost, *start, name=names)
    for n in names:
        spec = config["parameters"][n]
        minuit.limits[n] = (spec.get("min", -np.inf), spec.get("max", np.inf))
        minuit.fixed[n] = spec.get("fixed", False)
    fit = config.get("fit", {})
    minuit.strategy = fit.get("strategy", 1)
    minuit.tol = fit.get("tolerance", 0.1)
    minuit.migrad()
    minuit.hesse()

    ours = json.loads(subprocess.run([args.toystudy, "fit", "--config", args.config, "--data", args.data, "--json"],
                                     check=True, capture_output=True, text=True).stdout)
    # iminuit's ExtendedUnbinnedNLL reports twice the NLL (errordef 1); toystudy reports the NLL (errordef 0.5).
    print(f"{len(x)} events; iminuit valid {minuit.valid}, nll {minuit.fval / 2:.6f} ({minuit.nfcn} calls); "
          f"toystudy valid {ours['valid']}, nll {ours['nll']:.6f} ({ours['nfcn']} calls)")
    print(f"{'parameter':>10} {'iminuit':>14} {'toystudy':>14} {'diff/error':>11} {'error ratio':>12}")
    for n in names:
        mine = ours["parameters"][n]
        error = minuit.errors[n]
        diff = (mine["value"] - minuit.values[n]) / error if error > 0 else 0.0
        ratio = mine["error"] / error if error > 0 else float("nan")
        print(f"{n:>10} {minuit.values[n]:>14.6g} {mine['value']:>14.6g} {diff:>11.4f} {ratio:>12.5f}")


if __name__ == "__main__":
    main()
