"""The statistics kernels of verdict's benchmark, done with scipy and statsmodels as a data scientist would.

Takes a JSON spec (sizes, batches) as its one argument, times each kernel in batches of repeated calls, and prints
one JSON object: per kernel, the operations per second of each batch and the value computed (so the benchmark can
check both sides computed the same thing). Inputs are built by the same formulas as bench/scenarios/stats-kernels.ts.

- exact McNemar: statsmodels mcnemar(table, exact=True) (a binomial test on the discordant pairs, via scipy).
- exact McNemar power: no library offers it; the vectorised scipy sum over the number of discordant pairs m of
  P(m) x P(reject | m), with the exact test's critical counts from binom.ppf.
- pass@k: the numpy estimator of Chen et al. (2021), the HumanEval reference code, mean over problems.
- paired bootstrap: scipy.stats.bootstrap, percentile method, on the per-item differences.

Run: /usr/bin/python3 bench/python/kernels.py '{"discordant": 1000000, "powerN": 10000, "problems": 10000,
     "samples": 200, "k": 10, "bootstrapItems": 10000, "resamples": 10000, "batches": 5, "minBatchSeconds": 0.2}'
"""

import json
import sys
import time
import warnings

import numpy as np
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar


def mcnemar_exact(discordant):
    n10 = discordant // 2 - discordant // 2000
    n01 = discordant - n10
    return lambda: mcnemar([[0, n10], [n01, 0]], exact=True).pvalue


def mcnemar_power_exact(n, p10=0.1, p01=0.12, alpha=0.05):
    def power():
        m = np.arange(n + 1)
        weights = stats.binom.pmf(m, n, p10 + p01)
        # Largest k with 2 P(X <= k | m, 1/2) <= alpha: the exact two-sided test rejects at X <= k or X >= m - k.
        k = stats.binom.ppf(alpha / 2, m, 0.5)
        k = np.where(2 * stats.binom.cdf(k, m, 0.5) <= alpha, k, k - 1)
        q = p01 / (p10 + p01)
        reject = np.where(k >= 0, stats.binom.cdf(k, m, q) + stats.binom.sf(m - k - 1, m, q), 0.0)
        return float(np.sum(weights * reject))
    return power


def pass_at_k(problems, samples, k):
    c = [(i * 7919) % (samples + 1) for i in range(problems)]

    def estimator(n, c, k):
        if n - c < k:
            return 1.0
        return 1.0 - np.prod(1.0 - k / np.arange(n - c + 1, n + 1))

    return lambda: float(np.mean([estimator(samples, ci, k) for ci in c]))


def paired_bootstrap(items, resamples):
    d = np.array([(i * 7919) % 3 - 1 for i in range(items)], dtype=float)
    rng = np.random.default_rng(1)

    def interval():
        result = stats.bootstrap((d,), np.mean, n_resamples=resamples, method="percentile", batch=1000,
                                 random_state=rng)
        return float(result.confidence_interval.low)
    return interval


def time_batches(fn, batches, min_seconds):
    value = fn()
    iterations, elapsed = 1, 0.0
    while True:
        start = time.perf_counter()
        for _ in range(iterations):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds or iterations >= 1 << 20:
            break
        iterations *= 2
    runs = [iterations / elapsed]
    for _ in range(batches - 1):
        start = time.perf_counter()
        for _ in range(iterations):
            fn()
        runs.append(iterations / (time.perf_counter() - start))
    return {"opsPerSecond": runs, "value": value}


def main():
    warnings.filterwarnings("ignore", category=RuntimeWarning)
    spec = json.loads(sys.argv[1])
    kernels = {
        "mcnemar-exact": mcnemar_exact(spec["discordant"]),
        "mcnemar-power-exact": mcnemar_power_exact(spec["powerN"]),
        "pass-at-k": pass_at_k(spec["problems"], spec["samples"], spec["k"]),
        "paired-bootstrap": paired_bootstrap(spec["bootstrapItems"], spec["resamples"]),
    }
    out = {name: time_batches(fn, spec["batches"], spec["minBatchSeconds"]) for name, fn in kernels.items()}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
