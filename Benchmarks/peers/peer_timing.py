"""How every peer of thidua-bench times its work and reports it: `runs` runs of `work`, then one
line `LABEL write M s (median of N: t1, t2, …); peak memory P MiB[; NOTE]` that the Swift side
reads (its time is the number after the label)."""

import resource
import statistics
import time


def time_and_report(label, runs, work, note=None):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    line = (f"{label} write {statistics.median(times):.2f} s (median of {runs}: "
            f"{', '.join(f'{t:.2f}' for t in times)}); peak memory {peak:.0f} MiB")
    print(line + (f"; {note}" if note else ""))
