#!/usr/bin/env python3
"""Simulates the drift detector of learning.DriftWatch alone (docs/how-it-learns.md, Drift).

Two Page-Hinkley tests (core.learn.PageHinkley, alpha = 1) on a stream of 0/1 rewards, fed in
batches of 100 impressions whose clicks arrive up to LAG batches later; the newest HOLD
impressions are held back and the waiting clicks shared among the impressions not yet fed, as
DriftWatch does. Prints false alarms at steady rates and the delay to detect a fall.
Usage: python3 bench/drift-detector-sim.py
"""
import random

DELTA, THRESHOLD, MIN_IMPRESSIONS = 0.005, 100, 1000  # kairos.learning.drift.* defaults


class PageHinkley:
    def __init__(self):
        self.reset()

    def reset(self):
        self.count, self.mean, self.cumulative, self.minimum = 0, 0.0, 0.0, float("inf")

    def update(self, x):
        self.count += 1
        self.mean += (x - self.mean) / self.count
        self.cumulative += x - self.mean - DELTA
        self.minimum = min(self.minimum, self.cumulative)
        if self.count >= MIN_IMPRESSIONS and self.cumulative - self.minimum > THRESHOLD:
            self.reset()
            return True
        return False


def run(seed, rate, batches, lag, hold=MIN_IMPRESSIONS, per=100):
    rnd = random.Random(seed)
    up, down = PageHinkley(), PageHinkley()
    held, pool, future, detections = 0, 0, [], []
    for b in range(batches):
        clicks = sum(1 for _ in range(per) if rnd.random() < rate(b))
        future.append((b + rnd.randint(0, lag), clicks))
        arrived = sum(c for t, c in future if t == b)
        future = [(t, c) for t, c in future if t != b]
        held += per
        pool += arrived
        n = max(0, held - hold)
        if n == 0:
            continue
        ones = min(n, round(pool * n / held))
        pool -= ones
        held -= n
        for i in range(n):
            x = 1 if (i + 1) * ones // n > i * ones // n else 0
            rose, fell = up.update(x), down.update(1 - x)
            if rose or fell:
                detections.append((b, "up" if rose else "down"))
                up.reset()
                down.reset()
    return detections


if __name__ == "__main__":
    for lag in (1, 5):
        steady = {r: sum(len(run(s, lambda b, r=r: r, 400, lag)) for s in range(20)) for r in (0.2, 0.5)}
        delays, missed = [], 0
        for s in range(20):
            after = [d for d in run(s, lambda b: 0.1 if b < 100 else 0.05, 400, lag) if d[0] >= 100]
            if after:
                delays.append((after[0][0] - 100) * 100)
            else:
                missed += 1
        delays.sort()
        print(f"lag {lag} batches: false alarms in 20 x 40,000 impressions at 0.2: {steady[0.2]}, at 0.5: {steady[0.5]};"
              f" fall 0.10 -> 0.05 detected after a median of {delays[len(delays) // 2] if delays else None}"
              f" impressions, missed {missed} of 20")
