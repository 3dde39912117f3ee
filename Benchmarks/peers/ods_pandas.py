#!/usr/bin/env python3
"""pandas peer of `thidua-bench award-list`: the award list's rows written with
`DataFrame.to_excel(engine="odf")` (odfpy underneath), the way an analyst exports a table.

Usage: ods_pandas.py ROWS.csv OUT.ods [--runs N]
Prints "pandas write SECONDS s (median of N: ...); peak memory MIB MiB" (reading the CSV is not
timed). Needs pandas and odfpy.
"""
import argparse

import pandas as pd
from peer_timing import time_and_report


def main():
    p = argparse.ArgumentParser()
    p.add_argument("rows")
    p.add_argument("out")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--sheet", default="Bằng khen")
    args = p.parse_args()
    # Text stays text (no NaN for empty cells); number, rank and total are typed numbers.
    frame = pd.read_csv(args.rows, dtype=str, keep_default_na=False)
    frame["STT"] = frame["STT"].astype("int64")
    frame["Hạng"] = frame["Hạng"].astype("int64")
    frame["Tổng điểm"] = frame["Tổng điểm"].astype("float64")
    time_and_report("pandas", args.runs,
                    lambda: frame.to_excel(args.out, engine="odf", sheet_name=args.sheet, index=False))


if __name__ == "__main__":
    main()
