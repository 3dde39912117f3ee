#!/usr/bin/env python3
"""The peer of `thidua-bench score-national`: the criteria of Benchmarks/Criteria/national.yaml
computed with pandas, as a careful analyst would, on the same data written as CSV.

Exact where ThiĐua is exact: points are kept as integers (halves and hundredths), and rounding
half up at 2 places is done in integers, so the totals can be compared digit for digit.

Usage: score_pandas.py DIR [--runs N] [--out totals.csv]
Prints "pandas evaluation SECONDS s ..." (median of N runs; reading the CSV files is not timed).
"""
import argparse
import statistics
import time

import numpy as np
import pandas as pd

JURY = [f"C{i:02d}" for i in range(1, 11)]
MIN_JURORS = 5
TRIM = 1


def half_up_div(numerator, denominator):
    """numerator / denominator rounded half up (both non-negative integers)."""
    return (2 * numerator + denominator) // (2 * denominator)


def evaluate(models, jurors, scores):
    # Conflicts: a juror affiliated with the model's unit does not count.
    s = scores.merge(models[["code", "unit"]], left_on="entry", right_on="code", how="left")
    s = s.merge(jurors, on="juror", how="left")
    s = s[s["unit"] != s["juror_unit"]]
    halves = (s["points"] * 2).round().astype(np.int64)
    s = s.assign(halves=halves)
    # Trimmed mean per (entry, criterion): drop TRIM highest and lowest, fewer when there are too few.
    g = s.groupby(["entry", "criterion"], sort=False)["halves"]
    n = g.transform("count")
    k = np.minimum(TRIM, (n - 1) // 2)
    r = g.rank(method="first")
    kept = s[(r > k) & (r <= n - k)]
    agg = kept.groupby(["entry", "criterion"], sort=False)["halves"].agg(["sum", "count"])
    counts = s.groupby(["entry", "criterion"], sort=False)["halves"].count()
    # Points in hundredths: sum(halves)/2/count, rounded half up at 2 places, capped at 10.
    hundredths = half_up_div(agg["sum"] * 50, agg["count"]).clip(upper=1000)
    table = hundredths.unstack("criterion").reindex(columns=JURY)
    quorum = counts.unstack("criterion").reindex(columns=JURY).fillna(0)
    incomplete = (quorum < MIN_JURORS).any(axis=1)

    m = models.set_index("code").reindex(table.index)
    d1 = half_up_div(m["hai_long"].astype(np.int64) * 1000, m["khao_sat"].astype(np.int64)).clip(upper=1000)
    base = table.sum(axis=1) + d1
    bonus = np.where(m["nhan_rong"] >= 1, np.minimum(m["nhan_rong"], 5), 0) * 100
    penalty = np.where(m["vuot_cap"] > 0, np.minimum(m["vuot_cap"] * 2, 10), 0) * 100
    total = base + bonus - penalty
    lowest = np.minimum(table.min(axis=1), d1)
    vetoed = m["ky_luat"] == 1
    tier = np.select([total >= 9000, total >= 8000, total >= 6500], ["xuat_sac", "tot", "kha"], "khong_dat")
    tier = np.where((tier == "xuat_sac") & (lowest < 500), np.where(total >= 8000, "tot", "kha"), tier)
    status = np.where(incomplete, "incomplete", np.where(vetoed, "vetoed", "ranked"))
    return pd.DataFrame({"entry": table.index, "total": total.values, "status": status, "tier": tier})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out")
    args = parser.parse_args()
    models = pd.read_csv(f"{args.dir}/models.csv")
    jurors = pd.read_csv(f"{args.dir}/jurors.csv", dtype={"juror_unit": str}).fillna("")
    scores = pd.read_csv(f"{args.dir}/scores.csv")
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = evaluate(models, jurors, scores)
        times.append(time.perf_counter() - start)
    print(f"pandas evaluation {statistics.median(times):.2f} s (median of {args.runs}: "
          + ", ".join(f"{t:.2f}" for t in times) + f"); pandas {pd.__version__}, numpy {np.__version__}")
    if args.out:
        out = result.copy()
        out["total"] = [("" if s == "incomplete" else f"{t / 100:.2f}") for t, s in zip(out["total"], out["status"])]
        out[["entry", "total", "status"]].sort_values("entry").to_csv(args.out, index=False)


if __name__ == "__main__":
    main()
