#!/usr/bin/env python3
"""pandas peer of `thidua-bench award-list`: the award list's rows written with
`DataFrame.to_excel(engine="odf")` (odfpy underneath), the way an analyst exports a table.

Usage: ods_pandas.py ROWS.csv OUT.ods [--runs N]
Prints "pandas write SECONDS s (median of N: ...); peak memory MIB MiB" (reading the CSV is not
timed). Needs pandas and odfpy.
"""
import argparse
import resource
import statistics
import time

import pandas as pd


def main():
    p = argparse.ArgumentParser()
    p.add_argument("rows")
    p.add_argument("out")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--sheet", default="Bằng khen")
    args = p.parse_args()
    # Text stays text (no NaN for empty cells); rank and total are typed numbers.
    frame = pd.read_csv(args.rows, dtype=str, keep_default_na=False)
    frame["Hạng"] = frame["Hạng"].astype("int64")
    frame["Tổng điểm"] = frame["Tổng điểm"].astype("float64")
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        frame.to_excel(args.out, engine="odf", sheet_name=args.sheet, index=False)
        times.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pandas write {statistics.median(times):.2f} s (median of {args.runs}: "
          f"{', '.join(f'{t:.2f}' for t in times)}); peak memory {peak:.0f} MiB")


if __name__ == "__main__":
    main()
