#!/usr/bin/env python3
"""toystudy beside the Python toy loops a physicist would write, in ONE run on the seed model
(jobs/examples/seed-peak.json: Gaussian + exponential on [1, 9], 15.5k events per toy, MIGRAD + HESSE per toy):

- toystudy on one thread and on all cores (`toystudy --threads 1`, then the default);
- iminuit with a hand-written numba NLL (the seed notebook's style: one loop, math.erf normalisation);
- iminuit with numba_stats pdfs (truncnorm, truncexpon);

each Python loop in one process and in a multiprocessing pool over all cores. Toys per second count whole toys
(generation, MIGRAD, HESSE; toystudy also writes its result rows), and one fit of the seed dataset shows that
every tool lands on the same minimum. Run from the package root after `swift build -c release`:

    pip install -r analysis/requirements.txt
    python3 analysis/bench_peers.py
"""
import json
import math
import multiprocessing
import os
import re
import subprocess
import tempfile
import time

os.environ.setdefault("NUMBA_NUM_THREADS", "1")

import iminuit  # noqa: E402
import numba as nb  # noqa: E402
import numpy as np  # noqa: E402
from iminuit import Minuit  # noqa: E402
from numba_stats import truncexpon, truncnorm  # noqa: E402

CONFIG = "jobs/examples/seed-peak.json"
DATA = "Tests/Fixtures/seed-peak.csv"
TOYSTUDY = ".build/release/toystudy"
LO, HI = 1.0, 9.0
NAMES = ("ns", "nb_", "mu", "sigma", "tau")


@nb.njit
def nll_loop(x, ns, nb_, mu, sigma, tau):
    """The extended NLL as a notebook writes it: normalisations from erf and exp, one loop over the events."""
    root2 = math.sqrt(2.0)
    signal_norm = sigma * math.sqrt(2 * math.pi) * 0.5 * (math.erf((HI - mu) / (sigma * root2))
                                                          - math.erf((LO - mu) / (sigma * root2)))
    background_norm = tau * (math.exp(-LO / tau) - math.exp(-HI / tau))
    total = 0.0
    for xi in x:
        t = (xi - mu) / sigma
        total += math.log(ns * math.exp(-0.5 * t * t) / signal_norm + nb_ * math.exp(-xi / tau) / background_norm)
    return ns + nb_ - total


@nb.njit
def nll_numba_stats(x, ns, nb_, mu, sigma, tau):
    density = ns * truncnorm.pdf(x, LO, HI, mu, sigma) + nb_ * truncexpon.pdf(x, LO, HI, 0.0, tau)
    return ns + nb_ - np.sum(np.log(density))


LIKELIHOODS = {"iminuit + numba NLL": nll_loop, "iminuit + numba_stats": nll_numba_stats}


def truth():
    with open(CONFIG) as f:
        parameters = json.load(f)["parameters"]
    return [float(parameters[name.rstrip("_")]["value"]) for name in NAMES]


def fit(nll, x, start):
    def cost(ns, nb_, mu, sigma, tau):
        return nll(x, ns, nb_, mu, sigma, tau)

    cost.errordef = 0.5
    m = Minuit(cost, *start, name=NAMES)
    m.limits["ns", "nb_", "sigma", "tau"] = (0, None)
    m.migrad()
    m.hesse()
    return m


def toy(seed, index, p):
    """A toy as numpy gives it: Poisson counts, the Gaussian by rejection, the exponential by its inverse CDF."""
    rng = np.random.default_rng([seed, index])
    ns, nb_, mu, sigma, tau = p
    signal = np.empty(0)
    count = rng.poisson(ns)
    while signal.size < count:
        draw = rng.normal(mu, sigma, 2 * count + 16)
        signal = np.concatenate([signal, draw[(draw >= LO) & (draw <= HI)]])
    u = rng.random(rng.poisson(nb_))
    background = -tau * np.log(np.exp(-LO / tau) - u * (np.exp(-LO / tau) - np.exp(-HI / tau)))
    return np.concatenate([signal[:count], background])


def run_toys(job):
    """Worker: fits toys first..last of one likelihood; returns how many fits were valid."""
    name, first, last = job
    p = truth()
    return sum(fit(LIKELIHOODS[name], toy(1, i, p), p).valid for i in range(first, last))


def warm(name):
    x = toy(1, 10**6, truth())
    fit(LIKELIHOODS[name], x, truth())
    return name


def python_rate(name, toys, processes):
    """Toys per second of one likelihood in `processes` processes (numba compiled before the clock starts)."""
    if processes == 1:
        warm(name)
        start = time.perf_counter()
        valid = run_toys((name, 0, toys))
        return toys / (time.perf_counter() - start), valid
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pool.map(warm, [name] * processes)
        chunk = toys // processes
        jobs = [(name, k * chunk, (k + 1) * chunk) for k in range(processes)]
        start = time.perf_counter()
        valid = sum(pool.map(run_toys, jobs))
        return chunk * processes / (time.perf_counter() - start), valid


def toystudy_rate(toys, threads):
    with tempfile.TemporaryDirectory() as output:
        command = [TOYSTUDY, "--config", CONFIG, "--toys", str(toys), "--output", output + "/run"]
        if threads:
            command += ["--threads", str(threads)]
        text = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    fitted = re.search(r"(\d+) toys fitted in ([0-9.]+) s", text)
    used = re.search(r"(\d+) toys, (\d+) valid fits used", text)
    return int(fitted.group(1)) / float(fitted.group(2)), int(used.group(2))


def one_fit():
    """The seed dataset, fitted once by each tool: fval and milliseconds (best of 5 for iminuit)."""
    x = np.loadtxt(DATA, skiprows=1)
    start = [2000.0, 20000.0, 5.0, 0.5, 4.0]
    rows = []
    for name, nll in LIKELIHOODS.items():
        fit(nll, x, start)
        best, m = math.inf, None
        for _ in range(5):
            t0 = time.perf_counter()
            m = fit(nll, x, start)
            best = min(best, time.perf_counter() - t0)
        rows.append((name, m.fval, 1e3 * best))
    text = subprocess.run([TOYSTUDY, "fit", "--config", CONFIG, "--data", DATA, "--json"], check=True,
                          capture_output=True, text=True).stdout
    bench = subprocess.run([".build/release/toystudy-bench", "fit", DATA], check=True, capture_output=True,
                           text=True).stdout
    analytic = re.search(r"\| analytic \| ([0-9.]+) \|", bench)
    rows.insert(0, ("toystudy", json.loads(text)["nll"], float(analytic.group(1))))
    return rows


def main():
    cores = os.cpu_count()
    print(f"seed model, iminuit {iminuit.__version__}, numba {nb.__version__}, {cores} cores; "
          "toys per second = whole toys (generation + MIGRAD + HESSE)\n")
    rows = [("toystudy", "1 thread", *toystudy_rate(3000, 1)),
            ("toystudy", f"{cores} threads", *toystudy_rate(3000 * cores, None))]
    for name in LIKELIHOODS:
        rows.append((name, "1 process", *python_rate(name, 40, 1)))
        rows.append((name, f"pool of {cores}", *python_rate(name, 40 * cores, cores)))
    reference = rows[4][2]  # iminuit + numba_stats in one process
    print("| tool | parallelism | toys/s | valid fits | toys/s vs iminuit + numba_stats, 1 process |")
    print("|---|---|---:|---:|---:|")
    for tool, parallel, rate, valid in rows:
        print(f"| {tool} | {parallel} | {rate:.1f} | {valid} | {rate / reference:.1f}x |")
    print("\none fit of the seed dataset, MIGRAD + HESSE from iminuit's reference start values (toystudy's fval from "
          "`toystudy fit`, which starts from the config's values; its time from `toystudy-bench fit`, best of 50):\n")
    print("| tool | fval | ms |")
    print("|---|---:|---:|")
    for tool, fval, ms in one_fit():
        print(f"| {tool} | {fval:.6f} | {ms:.3f} |")


if __name__ == "__main__":
    main()
