#!/usr/bin/env python3
"""Bytes allocated per request served, for one build of a bench/serve-paired.sh run.

    python3 bench/alloc-per-request.py OUTPUT GC_LOG JFR old|new

OUTPUT is serve-paired.sh's output (target/bench/serve-paired-*.txt); GC_LOG and JFR are that
build's GC log and flight recording, from SERVE_OLD_OPTS / SERVE_NEW_OPTS such as
  -Xlog:gc:file=target/bench/gc-new.log:time,uptime
  -XX:StartFlightRecording:settings=bench/alloc.jfc,filename=target/bench/alloc-new.jfr
(bench/alloc.jfc records only each thread's allocation counter, every 2 s, and the collections).
The window is the measured phases (from the first round's start to the last phase's end, the idle
phases of the build included); the requests are each phase's rate times its 10 s. Prints the
heap allocated in the window from the GC log (the heap before each collection less after the one
before) and the pauses, then the allocation by thread from the recording (exact counters, not
samples), grouped by thread name, per request.
"""
import re, sys, json, subprocess, collections, datetime
out, gc, jfrf, side = sys.argv[1:5]
txt = open(out).read()
# phases: "round r side saturation X req/s ..." (10 s) and "round r side open loop ... achieved Y/s"
secs = 10
reqs = 0
for m in re.finditer(r"round (\d+) (old|new) saturation ([\d.]+) req/s", txt):
    if m.group(2) == side: reqs += float(m.group(3)) * secs
for m in re.finditer(r"round (\d+) (old|new) open loop .*?achieved ([\d.]+)/s", txt):
    if m.group(2) == side: reqs += float(m.group(3)) * secs
ends = re.findall(r"ended (\d\d:\d\d:\d\d)", txt)
# the day, from the GC log's first time decoration (the output has times of day only)
day = re.search(r"\[(\d{4}-\d\d-\d\d)T", open(gc).read()).group(1)
# window: from the first phase's start (first end - 10 s) to the last end
t0 = datetime.datetime.fromisoformat(f"{day}T{ends[0]}") - datetime.timedelta(seconds=secs)
t1 = datetime.datetime.fromisoformat(f"{day}T{ends[-1]}")
def mb(s):
    v, u = float(s[:-1]), s[-1]
    return v * {"K": 1/1024, "M": 1, "G": 1024}[u]
alloc = 0; pauses = 0; n = 0; prev_after = None; young = 0
for line in open(gc):
    m = re.match(r"\[(\S+?)\]\[\S+\] GC\(\d+\) Pause (\w+).*? (\d+[KMG])->(\d+[KMG])\(\d+[KMG]\) ([\d.]+)ms", line)
    if not m: continue
    t = datetime.datetime.fromisoformat(m.group(1)[:23])
    before, after = mb(m.group(3)), mb(m.group(4))
    if prev_after is not None and t0 <= t <= t1:
        alloc += before - prev_after; pauses += float(m.group(5)); n += 1
        young += m.group(2) == "Young"
    prev_after = after
print(f"{side}: window {t0.time()}-{t1.time()}, requests ~{reqs:.0f}; GC: {n} pauses ({young} young), {pauses/1000:.2f} s paused, "
      f"heap allocated {alloc:.0f} MB = {alloc*1024/reqs:.0f} KB per request (whole JVM)")
# per-thread allocation in the window from the JFR
o = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ThreadAllocationStatistics", jfrf], capture_output=True, text=True).stdout
ev = json.loads(o)["recording"]["events"]
per = collections.defaultdict(list)
for e in ev:
    v = e["values"]; t = v["thread"] or {}
    ts = datetime.datetime.fromisoformat(v["startTime"][:23].replace("Z", ""))
    per[(t.get("javaName") or "?", t.get("javaThreadId"))].append((ts, v["allocated"]))
g = collections.Counter()
for (name, tid), xs in per.items():
    xs.sort()
    before = [a for ts, a in xs if ts <= t0]
    upto = [a for ts, a in xs if ts <= t1]
    if not upto: continue
    g[re.sub(r"\d+", "N", name)[:50]] += upto[-1] - (before[-1] if before else 0)
tot = sum(g.values())
print(f"  threads: {tot/1e6:.0f} MB = {tot/reqs/1e3:.0f} KB per request")
for k, w in g.most_common(8): print(f"    {w/reqs/1e3:7.1f} KB/req  {k}")
