#!/usr/bin/env python3
"""Reference jury-agreement statistics for the "Dân vận khéo" demo campaign (DVK-2024).

This script is the peer the Swift implementation is checked against: it computes the same
statistics with established Python packages (scipy, pingouin, krippendorff) and, for each
statistic, a second time by hand from its textbook definition, and asserts that they agree.

Usage (from the repository root):

    python3 Benchmarks/peers/jury_agreement.py [DIR] [--out FILE]

DIR defaults to the repository's Examples/ folder; FILE defaults to
Benchmarks/peers/jury_agreement.expected.json (next to this script). The script prints a
human-readable report and writes FILE. It is deterministic: no randomness, every table is put in
sorted order (jurors by code, entries by code, criteria A1 A2 B1 B2 C1) before anything is summed.

Requires Python 3.11 with: pandas numpy scipy pingouin krippendorff.

Input files (all UTF-8, read with encoding "utf-8-sig" so a BOM does no harm)
------------------------------------------------------------------------------
scores.csv   campaign,juror,entry,criterion,points,comment,scored_at,correction_reason
             A LOG, not a table: a juror may score the same (entry, criterion) again later to
             correct it. `scored_at` is "yyyy-mm-dd HH:MM".
jurors.csv   campaign,code,name,title,unit     (unit = the juror's affiliated unit; may be empty)
models.csv   campaign;code;unit;...            (Excel style: BOM, ";" delimiter, decimal commas)
blocs.csv    code,year,name,leader,members     (members = unit codes separated by spaces)

Only campaign DVK-2024 is used; its criteria are A1, A2, B1, B2 and C1. A model's bloc is the
2024 bloc whose `members` contain the model's owning `unit` (each model must be in exactly one).

Rule 0 - the latest row counts
    For each (juror, entry, criterion) only the row with the LATEST `scored_at` counts; earlier
    rows are superseded by the corrections that come after them. Two rows of the same key with
    the same, latest timestamp would be ambiguous and make the script fail. In the demo the log
    has 1408 rows and 1400 current scores (7 jurors x 40 entries x 5 criteria); this is asserted.

Rule 1 - conflict of interest
    A score by a juror whose `unit` equals the `unit` of the entry's model is dropped, for every
    statistic below. An empty juror unit never conflicts. In the demo: GK03 (unit MTTQ) on MH-23
    and MH-24 (both owned by MTTQ), i.e. 2 x 5 = 10 scores; 1390 scores remain.

Rule 2 - Kendall's W per bloc, corrected for ties
    For each bloc: a juror's total for an entry = the sum of that juror's points over the 5
    criteria (a juror "scored" an entry only if all 5 criteria are present after rule 1). Only
    jurors who scored ALL the bloc's entries take part, and all the bloc's entries are used; so a
    juror with a conflict in a bloc is left out of that bloc's W entirely (demo: GK03 in KHOI-CQ).
    Each juror ranks the entries by total, ties getting the average rank
    (scipy.stats.rankdata(method="average"); rank 1 = lowest; W does not depend on direction).
        m   = number of jurors, n = number of entries
        R_i = sum over jurors of the rank of entry i
        S   = sum_i (R_i - m(n+1)/2)^2
        T_j = sum over the tie groups of juror j of (t^3 - t), t = size of the group
        W   = 12 S / (m^2 (n^3 - n) - m sum_j T_j)
        chi2 = m (n - 1) W,  p = scipy.stats.chi2.sf(chi2, n - 1)
    W is computed exactly (fractions.Fraction; ranks are multiples of 1/2) and rounded once to a
    float. Cross-checks, each to 1e-12: the same formula in floating point; pingouin.friedman
    (its "subject" is the juror, its "within" the entry; it names m "n" and n "k", and writes
    the numerator as 12 sum R_i^2 - 3 m^2 n (n+1)^2, which is 12 S); and for chi2,
    scipy.stats.friedmanchisquare (tie-corrected Friedman Q, which equals m (n-1) W).

Rule 3 - Krippendorff's alpha, interval metric, per criterion
    All entries of the campaign together (not per bloc). Reliability data = a jurors x entries
    matrix of that criterion's points, NaN where a score is missing (after rule 1: GK03 on MH-23
    and MH-24). Computed with krippendorff.alpha(reliability_data=matrix,
    level_of_measurement="interval") and independently, exactly, from the coincidence matrix:
    only units (entries) with m_u >= 2 values are pairable;
        o_ck = sum_u (number of ordered pairs (c, k) of values from different jurors in u) / (m_u - 1)
        n_c  = sum_k o_ck,  n = sum_c n_c
        D_o  = sum_{c,k} o_ck (c - k)^2 / n
        D_e  = sum_{c,k} n_c n_k (c - k)^2 / (n (n - 1))
        alpha = 1 - D_o / D_e
    The two must agree to 1e-12 (asserted). The exact value, rounded once, goes in the JSON.

Rule 4 - straying jurors (mean |z|)
    For each (entry, criterion) cell with at least 2 scores (after rule 1): the panel mean mu and
    the POPULATION standard deviation sigma (ddof=0) of the scores in the cell, the juror's own
    score included; each juror's z = (x - mu) / sigma. Cells with sigma = 0 are skipped. A
    juror's figure = the mean of |z| over the cells they are in (cells counted after skipping),
    summed in (entry, criterion) order. Jurors with mean |z| > 2 are flagged. (With k scores in
    a cell |z| can be at most sqrt(k - 1), about 2.45 for 7 jurors, so a flag is very unlikely.)

Output JSON (floats written with repr, i.e. full precision):
    {"kendall_w": {BLOC: {"w", "m", "n", "chi2", "p", "jurors": [codes]}},
     "krippendorff_alpha": {CRITERION: alpha},
     "mean_abs_z": {JUROR: {"value", "cells"}}}
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import scipy
import scipy.stats

CAMPAIGN = "DVK-2024"
BLOC_YEAR = 2024
CRITERIA = ["A1", "A2", "B1", "B2", "C1"]
EXPECTED_LOG_ROWS = 1408
EXPECTED_CURRENT = 1400
STRAY_LIMIT = 2.0
TOL = 1e-12

HERE = Path(__file__).resolve().parent
DEFAULT_DIR = HERE.parent.parent / "Examples"
DEFAULT_OUT = HERE / "jury_agreement.expected.json"


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------

def load(folder: Path):
    """Read the four CSV files and return (log, scores, jurors, models, blocs) for CAMPAIGN."""
    log = pd.read_csv(folder / "scores.csv", sep=",", encoding="utf-8-sig",
                      dtype={"campaign": str, "juror": str, "entry": str, "criterion": str,
                             "scored_at": str, "comment": str, "correction_reason": str})
    jurors = pd.read_csv(folder / "jurors.csv", sep=",", encoding="utf-8-sig", dtype=str,
                         keep_default_na=False)
    models = pd.read_csv(folder / "models.csv", sep=";", decimal=",", encoding="utf-8-sig",
                         dtype=str, keep_default_na=False)
    blocs = pd.read_csv(folder / "blocs.csv", sep=",", encoding="utf-8-sig", dtype=str,
                        keep_default_na=False)

    log = log[log["campaign"] == CAMPAIGN].reset_index(drop=True)
    jurors = jurors[jurors["campaign"] == CAMPAIGN][["code", "unit"]].reset_index(drop=True)
    models = models[models["campaign"] == CAMPAIGN][["code", "unit"]].reset_index(drop=True)
    blocs = blocs[blocs["year"].astype(int) == BLOC_YEAR].reset_index(drop=True)

    assert not jurors["code"].duplicated().any(), "duplicate juror code"
    assert not models["code"].duplicated().any(), "duplicate model code"
    assert log["points"].notna().all(), "a score row without points"
    assert ((log["points"] * 2) == (log["points"] * 2).round()).all(), "points not in steps of 0.5"
    assert set(log["criterion"]) == set(CRITERIA), f"unexpected criteria {sorted(set(log['criterion']))}"
    assert set(log["juror"]) <= set(jurors["code"]), "score by an unknown juror"
    assert set(log["entry"]) <= set(models["code"]), "score for an unknown entry"

    # Rule 0: the latest row per (juror, entry, criterion) counts.
    key = ["juror", "entry", "criterion"]
    log = log.assign(ts=pd.to_datetime(log["scored_at"], format="%Y-%m-%d %H:%M"),
                     row=np.arange(len(log)))
    ordered = log.sort_values(key + ["ts", "row"], kind="stable")
    latest = ordered.groupby(key, sort=True).tail(1)
    # The latest row must be strictly later than every other row of its key.
    tie = ordered.merge(latest[key + ["ts", "row"]], on=key + ["ts"], suffixes=("", "_latest"))
    assert (tie["row"] == tie["row_latest"]).all(), "two rows of one key share the latest scored_at"
    assert len(log) == EXPECTED_LOG_ROWS, f"log has {len(log)} rows, expected {EXPECTED_LOG_ROWS}"
    assert len(latest) == EXPECTED_CURRENT, f"{len(latest)} current scores, expected {EXPECTED_CURRENT}"
    scores = latest[key + ["points", "scored_at", "row"]].sort_values(key).reset_index(drop=True)
    return log, scores, jurors, models, blocs


def corrections(log: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """Superseded rows next to the row that replaced them (for the report)."""
    key = ["juror", "entry", "criterion"]
    old = log[~log["row"].isin(scores["row"])]
    return old.merge(scores, on=key, suffixes=("_old", "_new"))[
        key + ["points_old", "scored_at_old", "points_new", "scored_at_new"]].sort_values("scored_at_new")


def drop_conflicts(scores, jurors, models):
    """Rule 1: drop scores by a juror affiliated with the unit that owns the entry."""
    s = scores.merge(jurors.rename(columns={"code": "juror", "unit": "juror_unit"}), on="juror", how="left")
    s = s.merge(models.rename(columns={"code": "entry", "unit": "entry_unit"}), on="entry", how="left")
    conflict = (s["juror_unit"] != "") & (s["juror_unit"] == s["entry_unit"])
    dropped = s[conflict]
    kept = s[~conflict].drop(columns=["juror_unit", "entry_unit"]).reset_index(drop=True)
    return kept, dropped


def bloc_of_models(models, blocs):
    """entry -> bloc code; every model must be in exactly one bloc."""
    members = {b.code: set(b.members.split()) for b in blocs.itertuples()}
    out = {}
    for m in models.itertuples():
        hits = [code for code, units in members.items() if m.unit in units]
        assert len(hits) == 1, f"model {m.code} (unit {m.unit}) is in blocs {hits}"
        out[m.code] = hits[0]
    return out


# --------------------------------------------------------------------------------------------
# Rule 2: Kendall's W
# --------------------------------------------------------------------------------------------

def kendall_w_exact(totals: np.ndarray):
    """totals: m jurors x n entries (in half points, integers). Returns (W as Fraction, S, sum T)."""
    m, n = totals.shape
    ranks = scipy.stats.rankdata(totals, method="average", axis=1)
    R = [sum(Fraction(float(r)) for r in ranks[:, i]) for i in range(n)]
    mean_R = Fraction(m * (n + 1), 2)
    S = sum((r - mean_R) ** 2 for r in R)
    T = 0
    for j in range(m):
        _, counts = np.unique(totals[j], return_counts=True)
        T += sum(int(t) ** 3 - int(t) for t in counts)
    W = 12 * S / (m * m * (n ** 3 - n) - m * T)
    return W, S, T, ranks


def kendall_w_float(totals: np.ndarray) -> float:
    m, n = totals.shape
    ranks = scipy.stats.rankdata(totals, method="average", axis=1)
    R = ranks.sum(axis=0)
    S = float(((R - m * (n + 1) / 2) ** 2).sum())
    T = 0.0
    for j in range(m):
        _, counts = np.unique(totals[j], return_counts=True)
        T += float((counts ** 3 - counts).sum())
    return 12 * S / (m * m * (n ** 3 - n) - m * T)


def kendall_per_bloc(scores, entry_bloc):
    import pingouin

    # Per (juror, entry): number of criteria present and the total in half points.
    s = scores.assign(halves=(scores["points"] * 2).round().astype(np.int64))
    per = s.groupby(["juror", "entry"], sort=True).agg(k=("criterion", "nunique"), halves=("halves", "sum"))
    per = per[per["k"] == len(CRITERIA)]  # an entry counts as scored only with all 5 criteria
    all_jurors = sorted(scores["juror"].unique())

    results, notes = {}, {}
    for bloc in sorted(set(entry_bloc.values())):
        entries = sorted(e for e, b in entry_bloc.items() if b == bloc)
        included, excluded = [], {}
        for j in all_jurors:
            missing = [e for e in entries if (j, e) not in per.index]
            if missing:
                excluded[j] = missing
            else:
                included.append(j)
        m, n = len(included), len(entries)
        assert m >= 2 and n >= 2, f"bloc {bloc}: m={m}, n={n}"
        totals = np.array([[per.loc[(j, e), "halves"] for e in entries] for j in included], dtype=np.int64)

        W_exact, S, T, ranks = kendall_w_exact(totals)
        w = float(W_exact)
        w_float = kendall_w_float(totals)
        chi2 = float(m * (n - 1) * w)
        p = float(scipy.stats.chi2.sf(chi2, n - 1))

        long = pd.DataFrame([(j, e, totals[a, b] / 2) for a, j in enumerate(included)
                             for b, e in enumerate(entries)], columns=["juror", "entry", "total"])
        pg = pingouin.friedman(data=long, dv="total", within="entry", subject="juror")
        w_pg = float(pg["W"].iloc[0])
        q_pg = float(pg["Q"].iloc[0])
        fr = scipy.stats.friedmanchisquare(*[totals[:, b] for b in range(n)])

        assert abs(w - w_float) <= TOL, (bloc, w, w_float)
        assert abs(w - w_pg) <= TOL, (bloc, w, w_pg)
        assert abs(chi2 - q_pg) <= 1e-9, (bloc, chi2, q_pg)
        assert abs(chi2 - fr.statistic) <= 1e-9, (bloc, chi2, fr.statistic)

        results[bloc] = {"w": w, "m": m, "n": n, "chi2": chi2, "p": p, "jurors": included}
        notes[bloc] = {"entries": entries, "excluded": excluded, "S": S, "T": T,
                       "w_exact": W_exact, "w_float": w_float, "w_pingouin": w_pg, "q_pingouin": q_pg,
                       "p_pingouin": float(pg["p_unc"].iloc[0]) if "p_unc" in pg else float(pg["p-unc"].iloc[0]),
                       "friedman": fr, "totals": totals, "ranks": ranks}
    return results, notes


# --------------------------------------------------------------------------------------------
# Rule 3: Krippendorff's alpha (interval)
# --------------------------------------------------------------------------------------------

def alpha_interval_exact(matrix: np.ndarray) -> Fraction:
    """Exact interval alpha from the coincidence matrix. matrix: raters x units, NaN = missing."""
    units = []
    for u in range(matrix.shape[1]):
        vals = [Fraction(float(x)) for x in matrix[:, u] if not math.isnan(x)]
        if len(vals) >= 2:  # only pairable units
            units.append(vals)
    domain = sorted({v for vals in units for v in vals})
    index = {v: i for i, v in enumerate(domain)}
    V = len(domain)
    o = [[Fraction(0)] * V for _ in range(V)]
    for vals in units:
        mu = len(vals)
        for a in range(mu):
            for b in range(mu):
                if a != b:
                    o[index[vals[a]]][index[vals[b]]] += Fraction(1, mu - 1)
    n_c = [sum(row) for row in o]
    n = sum(n_c)
    d_o = sum(o[c][k] * (domain[c] - domain[k]) ** 2 for c in range(V) for k in range(V)) / n
    d_e = sum(n_c[c] * n_c[k] * (domain[c] - domain[k]) ** 2 for c in range(V) for k in range(V)) / (n * (n - 1))
    return 1 - d_o / d_e


def krippendorff_per_criterion(scores):
    import krippendorff

    jurors = sorted(scores["juror"].unique())
    entries = sorted(scores["entry"].unique())
    results, notes = {}, {}
    for c in CRITERIA:
        sub = scores[scores["criterion"] == c]
        matrix = sub.pivot(index="juror", columns="entry", values="points").reindex(index=jurors, columns=entries)
        matrix = matrix.to_numpy(dtype=float)
        a_pkg = float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="interval"))
        a_exact = alpha_interval_exact(matrix)
        a_own = float(a_exact)
        assert abs(a_pkg - a_own) <= TOL, (c, a_pkg, a_own)
        results[c] = a_own
        notes[c] = {"package": a_pkg, "own": a_own, "missing": int(np.isnan(matrix).sum()),
                    "shape": matrix.shape}
    return results, notes


# --------------------------------------------------------------------------------------------
# Rule 4: straying jurors
# --------------------------------------------------------------------------------------------

def mean_abs_z(scores):
    sums, cells = {}, {}
    skipped_zero, too_small = 0, 0
    for (entry, crit), cell in scores.sort_values(["entry", "criterion", "juror"]).groupby(
            ["entry", "criterion"], sort=True):
        x = cell["points"].to_numpy(dtype=float)
        if len(x) < 2:
            too_small += 1
            continue
        mu = float(x.mean())
        sigma = float(x.std(ddof=0))
        if sigma == 0:
            skipped_zero += 1
            continue
        for j, xi in zip(cell["juror"], x):
            sums[j] = sums.get(j, 0.0) + abs((float(xi) - mu) / sigma)
            cells[j] = cells.get(j, 0) + 1
    out = {j: {"value": sums[j] / cells[j], "cells": cells[j]} for j in sorted(sums)}

    # Cross-check, vectorised with pandas (a different summation path).
    g = scores.groupby(["entry", "criterion"])["points"]
    z = (scores["points"] - g.transform("mean")) / g.transform(lambda v: v.std(ddof=0))
    ok = (g.transform("count") >= 2) & (g.transform(lambda v: v.std(ddof=0)) > 0)
    check = z[ok].abs().groupby(scores.loc[ok, "juror"]).agg(["mean", "count"])
    for j, r in out.items():
        assert abs(check.loc[j, "mean"] - r["value"]) <= TOL, (j, check.loc[j, "mean"], r["value"])
        assert int(check.loc[j, "count"]) == r["cells"], (j, check.loc[j, "count"], r["cells"])
    return out, {"sigma_zero": skipped_zero, "fewer_than_2": too_small}


# --------------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", nargs="?", default=str(DEFAULT_DIR), help="folder with the CSV files")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="JSON file to write")
    args = ap.parse_args(argv)
    folder = Path(args.dir)

    import krippendorff
    import pingouin
    from importlib.metadata import version

    log, current, jurors, models, blocs = load(folder)
    scores, dropped = drop_conflicts(current, jurors, models)
    entry_bloc = bloc_of_models(models, blocs)

    print(f"Jury agreement, campaign {CAMPAIGN}, data {folder}")
    print(f"python {sys.version.split()[0]}, pandas {pd.__version__}, numpy {np.__version__}, "
          f"scipy {scipy.__version__}, pingouin {pingouin.__version__}, krippendorff {version('krippendorff')}")
    print()
    print(f"Log rows: {len(log)}; current scores (latest scored_at per juror/entry/criterion): {len(current)}")
    for r in corrections(log, current).itertuples():
        print(f"  correction {r.juror} {r.entry} {r.criterion}: {r.points_old:g} ({r.scored_at_old}) "
              f"-> {r.points_new:g} ({r.scored_at_new})")
    pairs = dropped.groupby(["juror", "juror_unit", "entry"], sort=True).size()
    print(f"Conflict of interest (rule 1): {len(dropped)} scores dropped, {len(scores)} remain")
    for (j, u, e), k in pairs.items():
        print(f"  {j} (unit {u}) on {e}: {k} scores")
    print()

    # Rule 2
    kw, kw_notes = kendall_per_bloc(scores, entry_bloc)
    print("Kendall's W per bloc (tie-corrected; totals over the 5 criteria)")
    for bloc, r in kw.items():
        nt = kw_notes[bloc]
        print(f"  {bloc}: W = {r['w']!r}  m = {r['m']} jurors, n = {r['n']} entries, "
              f"chi2 = {r['chi2']!r}, df = {r['n'] - 1}, p = {r['p']!r}")
        print(f"    exact W = {nt['w_exact'].numerator}/{nt['w_exact'].denominator}, S = {nt['S']}, "
              f"sum T_j = {nt['T']}")
        print(f"    float formula W = {nt['w_float']!r}; pingouin.friedman W = {nt['w_pingouin']!r}, "
              f"Q = {nt['q_pingouin']!r}, p = {nt['p_pingouin']!r}")
        print(f"    scipy.stats.friedmanchisquare = {float(nt['friedman'].statistic)!r}, "
              f"p = {float(nt['friedman'].pvalue)!r}")
        print(f"    jurors: {' '.join(r['jurors'])}")
        for j, missing in nt["excluded"].items():
            print(f"    excluded: {j} (no complete score for {' '.join(missing)})")
        print(f"    entries: {' '.join(nt['entries'])}")
        tied = [int(t) for row in nt["totals"] for t in np.unique(row, return_counts=True)[1] if t > 1]
        print(f"    tie groups within jurors' totals: {len(tied)} (sizes {sorted(tied, reverse=True)})")
    print()

    # Rule 3
    ka, ka_notes = krippendorff_per_criterion(scores)
    print("Krippendorff's alpha, interval, per criterion (all 40 entries)")
    for c, a in ka.items():
        nt = ka_notes[c]
        print(f"  {c}: alpha = {a!r}  (krippendorff package {nt['package']!r}, "
              f"diff {abs(nt['package'] - a):.1e}; matrix {nt['shape'][0]}x{nt['shape'][1]}, "
              f"{nt['missing']} missing)")
    print()

    # Rule 4
    mz, mz_notes = mean_abs_z(scores)
    print(f"Straying jurors: mean |z| over (entry, criterion) cells "
          f"({mz_notes['sigma_zero']} cells skipped with sigma = 0, {mz_notes['fewer_than_2']} with < 2 scores)")
    for j, r in mz.items():
        flag = "  <-- STRAYS (> 2)" if r["value"] > STRAY_LIMIT else ""
        print(f"  {j}: {r['value']!r} over {r['cells']} cells{flag}")
    flagged = [j for j, r in mz.items() if r["value"] > STRAY_LIMIT]
    print(f"  flagged: {' '.join(flagged) if flagged else 'none'}")

    result = {"kendall_w": kw, "krippendorff_alpha": ka, "mean_abs_z": mz}
    out = Path(args.out)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print(f"Wrote {out}")


if __name__ == "__main__":
    main()
