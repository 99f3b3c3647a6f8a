# Golden values for HourKernelTest and InterestClockTest: the circular Gaussian weights of
# the Interest Clock, computed directly from the definition in double precision.
# Run: python3 hour-kernel-golden.py
import math


def weights(h, sigma):
    raw = []
    for j in range(24):
        d = abs(h - j)
        d = min(d, 24 - d)
        raw.append(math.exp(-d * d / (2 * sigma * sigma)))
    s = sum(raw)
    return [w / s for w in raw]


for h, sigma in [(9, 1.0), (9.5, 1.5), (0, 1.0), (23.5, 2.0)]:
    w = weights(h, sigma)
    print(h, sigma, " ".join(repr(w[j]) for j in (0, 1, 8, 9, 10, 11, 21, 23)))

# preference at hour 9 (sigma 1) of a clock with mass 1 at bucket 9 and 2 at bucket 10
w = weights(9, 1.0)
print("pref", repr(w[9] * 1 + w[10] * 2))
