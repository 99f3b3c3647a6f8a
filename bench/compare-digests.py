#!/usr/bin/env python3
"""Compares two outputs of dev.kairos.bench.DecisionDigest (two builds, same seeded state):
the same slates (item ids, reasons, propensities) and the same scores and policy terms to
within a tolerance (default 1e-9, absolute or relative). Exits 1 on any difference.

    python3 bench/compare-digests.py old.txt new.txt [tolerance]
"""
import sys

old, new = open(sys.argv[1]).read().splitlines(), open(sys.argv[2]).read().splitlines()
tol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-9
bad, worst, figures, exact = 0, 0.0, 0, 0


def close(a, b):
    global worst, figures, exact
    a, b = float(a), float(b)
    figures += 1
    exact += a == b
    d = abs(a - b) / max(1.0, abs(a), abs(b))
    worst = max(worst, d)
    return d <= tol


if len(old) != len(new):
    print(f"different number of requests: {len(old)} and {len(new)}")
    sys.exit(1)
for n, (a, b) in enumerate(zip(old, new)):
    sa, ta = a.split(" | ")
    sb, tb = b.split(" | ")
    ia, ib = sa.split(" ")[2:], sb.split(" ")[2:]
    ok = len(ia) == len(ib)
    for x, y in zip(ia, ib):
        xi, xr, xs, xp = x.split(":")
        yi, yr, ys, yp = y.split(":")
        ok &= xi == yi and xr == yr and close(xp, yp) and close(xs, ys)
    ca, cb = ta.split(" "), tb.split(" ")
    ok &= len(ca) == len(cb)
    for x, y in zip(ca[1:], cb[1:]):
        (xm, xb), (ym, yb) = x.split("/"), y.split("/")
        ok &= close(xm, ym) and close(xb, yb)
    if not ok:
        bad += 1
        if bad <= 5:
            print(f"request {n} differs:\n  {a[:300]}\n  {b[:300]}")
print(f"{len(old)} requests, {bad} differing; {figures} figures, {exact} bit-identical, "
      f"largest relative difference {worst:.3g} (tolerance {tol:g})")
sys.exit(1 if bad else 0)
