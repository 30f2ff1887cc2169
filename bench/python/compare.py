"""The job of `verdict compare`, done the way a data scientist would in pandas and statsmodels.

Reads a results file in JSON Lines or CSV (by its extension; one row per item x variant, CSV with the tag as a
`tags.category` column), keeps ok rows, pivots to one row per item with a
column per variant, and computes: the Wilson interval of each variant's pass rate (proportion_confint), the exact
McNemar test of the candidate against the baseline (mcnemar), the paired difference with a Wald interval (statsmodels
has no paired-difference interval), and the same test per value of the `category` tag with Holm-adjusted p-values
(multipletests). Writes the result as JSON and prints one JSON line with its peak RSS for the benchmark.

Run: /usr/bin/python3 bench/python/compare.py results.jsonl out.json [baseline] [candidate]
"""

import json
import math
import resource
import sys

import pandas as pd
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint


def paired_test(a, b):
    """Exact McNemar on two aligned boolean Series, with the 2x2 counts and a Wald interval of the difference."""
    table = pd.crosstab(a, b).reindex(index=[True, False], columns=[True, False], fill_value=0)
    n11, n10 = int(table.loc[True, True]), int(table.loc[True, False])
    n01, n00 = int(table.loc[False, True]), int(table.loc[False, False])
    n = n11 + n10 + n01 + n00
    result = mcnemar([[n11, n10], [n01, n00]], exact=True)
    diff = (n01 - n10) / n
    se = math.sqrt(n10 + n01 - (n01 - n10) ** 2 / n) / n
    return {"n": n, "n11": n11, "n10": n10, "n01": n01, "n00": n00, "pValue": float(result.pvalue),
            "difference": diff, "lower": diff - 1.959964 * se, "upper": diff + 1.959964 * se}


def main():
    path, out = sys.argv[1], sys.argv[2]
    baseline = sys.argv[3] if len(sys.argv) > 3 else "A"
    candidate = sys.argv[4] if len(sys.argv) > 4 else "B"
    if path.endswith(".csv"):
        df = pd.read_csv(path)
        ok = df[df["status"] == "ok"].copy()
        ok["category"] = ok["tags.category"]
    else:
        df = pd.read_json(path, lines=True)
        ok = df[df["status"] == "ok"].copy()
        ok["category"] = ok["tags"].str.get("category")
    variants = {}
    for name, group in ok.groupby("variant"):
        passes, n = int(group["pass"].sum()), len(group)
        lower, upper = proportion_confint(passes, n, alpha=0.05, method="wilson")
        variants[name] = {"n": n, "passes": passes, "rate": passes / n, "lower": lower, "upper": upper}
    wide = ok.pivot(index="item", columns="variant", values="pass")
    categories = ok.drop_duplicates("item").set_index("item")["category"]
    paired = wide[[baseline, candidate]].dropna().astype(bool)
    overall = paired_test(paired[baseline], paired[candidate])
    slices = {}
    for category, group in paired.groupby(categories.reindex(paired.index)):
        slices[category] = paired_test(group[baseline], group[candidate])
    adjusted = multipletests([s["pValue"] for s in slices.values()], method="holm")[1]
    for s, p in zip(slices.values(), adjusted):
        s["adjustedPValue"] = float(p)
    with open(out, "w") as f:
        json.dump({"variants": variants, "paired": overall, "slices": slices}, f)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"peakRssBytes": peak, "n10": overall["n10"], "n01": overall["n01"], "pValue": overall["pValue"]}))


if __name__ == "__main__":
    main()
