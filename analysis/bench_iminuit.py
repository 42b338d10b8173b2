#!/usr/bin/env python3
"""The Python reference for `toystudy-bench fit`: iminuit MIGRAD + HESSE on the seed dataset with a
numba-compiled extended NLL (numba_stats truncated pdfs, as in the seed notebook), from the same start values.

    pip install iminuit numba numba-stats
    python3 analysis/bench_iminuit.py Tests/Fixtures/seed-peak.csv
"""
import sys
import time

import iminuit
import numba as nb
import numpy as np
from iminuit import Minuit
from numba_stats import truncexpon, truncnorm

LO, HI = 1.0, 9.0


@nb.njit
def nll(x, ns, nb_, mu, sigma, tau):
    density = ns * truncnorm.pdf(x, LO, HI, mu, sigma) + nb_ * truncexpon.pdf(x, LO, HI, 0.0, tau)
    return ns + nb_ - np.sum(np.log(density))


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "Tests/Fixtures/seed-peak.csv"
    x = np.loadtxt(path, skiprows=1)

    def cost(ns, nb_, mu, sigma, tau):
        return nll(x, ns, nb_, mu, sigma, tau)

    cost.errordef = 0.5
    cost(2000.0, 20000.0, 5.0, 0.5, 4.0)  # compile
    calls = 0
    repetitions = 20
    best = float("inf")
    for _ in range(repetitions):
        t0 = time.perf_counter()
        m = Minuit(cost, ns=2000.0, nb_=20000.0, mu=5.0, sigma=0.5, tau=4.0)
        m.limits["ns", "nb_", "sigma", "tau"] = (0, None)
        m.migrad()
        m.hesse()
        best = min(best, time.perf_counter() - t0)
        calls = m.nfcn
    value = time.perf_counter()
    for _ in range(200):
        cost(2000.0, 20000.0, 5.0, 0.5, 4.0)
    per_call = (time.perf_counter() - value) / 200
    print(f"iminuit {iminuit.__version__} + numba {nb.__version__}, {len(x)} events, one thread: "
          f"MIGRAD+HESSE best of {repetitions}: {1e3 * best:.3f} ms, nfcn {calls}, fval {m.fval:.6f}; "
          f"NLL value {1e9 * per_call / len(x):.2f} ns/event")


if __name__ == "__main__":
    main()
