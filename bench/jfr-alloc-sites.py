#!/usr/bin/env python3
"""Where a recording's allocation samples (jdk.ObjectAllocationSample, settings=profile) fall.

    python3 bench/jfr-alloc-sites.py RECORDING.jfr [REQUESTS]

By thread; for the request threads (http-nio-*) by part of the request (the innermost known
frame: the decision's steps, the slate log, the user read, Spring MVC, Tomcat, Jackson,
Micrometer) and by the innermost dev.kairos frame and class; then by top frame. The samples'
weights are estimates: in our recordings they summed to 1.3-1.5x the threads' exact counters
(bench/alloc-per-request.py), and small sites move a lot between recordings; rank with them,
measure with the counters. With REQUESTS, per request too.
"""
import json, sys, re, collections
import subprocess
f = sys.argv[1]
reqs = float(sys.argv[2]) if len(sys.argv) > 2 else None
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ObjectAllocationSample", f],
                     capture_output=True, text=True).stdout
ev = json.loads(out)["recording"]["events"]
def tname(e):
    t = e["values"].get("eventThread") or {}
    n = t.get("javaName") or t.get("osName") or "?"
    return n
def group(n):
    n2 = re.sub(r"\d+", "N", n)
    return n2
tot = 0
by_thread = collections.Counter()
by_site = collections.Counter()
by_class = collections.Counter()
by_top = collections.Counter()
by_cat = collections.Counter()
CATS = [
 ("decision: FeatureVector", "dev.kairos.core.ranking.FeatureVector"),
 ("decision: RidgePosterior", "dev.kairos.core.linalg.RidgePosterior"),
 ("decision: SlateDecision/SlateRanker", "dev.kairos.core.ranking.SlateDecision"),
 ("decision: Recommender (rest)", "dev.kairos.core.ranking.Recommender"),
 ("slate log (Kafka record)", "dev.kairos.kafka.KafkaSlateLog"),
 ("slate log (Kafka record)", "dev.kairos.kafka.ServedSlateCodec"),
 ("user read (RedisFeatureStore.user)", "dev.kairos.redis.RedisFeatureStore.user"),
 ("user read: Lettuce decode", "io.lettuce"),
 ("service (rest)", "dev.kairos.recommendations.RecommendationService"),
 ("controller/metrics", "dev.kairos.recommendations.RecommendationController"),
 ("JSON response (Jackson)", "tools.jackson"),
 ("Spring MVC", "org.springframework.web"),
 ("micrometer/observation", "io.micrometer"),
 ("Tomcat", "org.apache.coyote"),
 ("Tomcat", "org.apache.catalina"),
 ("Tomcat", "org.apache.tomcat"),
]
for e in ev:
    v = e["values"]
    w = v["weight"]
    tot += w
    tn = group(tname(e))
    by_thread[tn] += w
    frames = (v.get("stackTrace") or {}).get("frames") or []
    names = [fr["method"]["type"]["name"].replace("/", ".") + "." + fr["method"]["name"] for fr in frames]
    cls = v["objectClass"]["name"]
    by_class[(tn[:20], cls)] += w
    if names:
        by_top[(tn[:20], names[0] + ":" + str(frames[0].get("lineNumber")))] += w
    if "http-nio" in tn:
        # outermost-first categorisation: first matching category from the innermost frame that is ours or known
        cat = "other"
        for n in names:
            hit = None
            for label, pre in CATS:
                if n.startswith(pre):
                    hit = label; break
            if hit:
                cat = hit; break
        by_cat[cat] += w
        site = next((n + ":" + str(fr.get("lineNumber")) for n, fr in zip(names, frames) if n.startswith("dev.kairos")), "none")
        by_site[(site, cls)] += w
def mb(x): return f"{x/1e6:9.1f} MB" + (f" {x/reqs/1e3:8.1f} KB/req" if reqs else "")
print("total", mb(tot), "events", len(ev))
print("\n== by thread")
for k, w in by_thread.most_common(15): print(mb(w), k)
print("\n== request threads by category (innermost known frame)")
for k, w in by_cat.most_common(): print(mb(w), k)
print("\n== request threads: innermost dev.kairos frame, class")
for k, w in by_site.most_common(40): print(mb(w), k)
print("\n== top frame")
for k, w in by_top.most_common(30): print(mb(w), k)
