#!/usr/bin/env python3
"""Derives the user -> question stream of quantumcomputing.stackexchange.com (2018-03-12 to 2018-09-01)
from the Stack Exchange Data Dump files Posts.xml and Comments.xml.

questions.csv: each question's id, creation time (UTC) and first tag (its category).
events.csv: who asked, answered or commented on which question, when (an answer maps to its
question through ParentId; a comment on an answer to that answer's question), in time order.
No text, titles or user profiles are kept.
Usage: python3 derive.py /path/to/stackexchange-quantumcomputing-2018
"""
import csv, os, sys
import xml.etree.ElementTree as ET

source = sys.argv[1]
posts = ET.parse(os.path.join(source, "Posts.xml")).getroot()
questions, parent, events = {}, {}, []
for row in posts:
    kind = row.get("PostTypeId")
    if kind == "1":
        tags = row.get("Tags", "").strip("<>").split("><")
        questions[row.get("Id")] = (row.get("CreationDate"), tags[0] if tags and tags[0] else "untagged")
        if row.get("OwnerUserId"):
            events.append((row.get("CreationDate"), row.get("OwnerUserId"), row.get("Id"), "ask"))
    elif kind == "2":
        parent[row.get("Id")] = row.get("ParentId")
for row in posts:
    if row.get("PostTypeId") == "2" and row.get("OwnerUserId") and row.get("ParentId") in questions:
        events.append((row.get("CreationDate"), row.get("OwnerUserId"), row.get("ParentId"), "answer"))
for row in ET.parse(os.path.join(source, "Comments.xml")).getroot():
    post, user = row.get("PostId"), row.get("UserId")
    question = post if post in questions else parent.get(post)
    if user and question in questions:
        events.append((row.get("CreationDate"), user, question, "comment"))
events.sort()
with open("questions.csv", "w", newline="", encoding="utf-8") as f:
    out = csv.writer(f, lineterminator="\n")
    out.writerow(["question", "created", "category"])
    for q, (created, tag) in sorted(questions.items(), key=lambda e: e[1][0]):
        out.writerow([q, created + "Z", tag])
with open("events.csv", "w", newline="", encoding="utf-8") as f:
    out = csv.writer(f, lineterminator="\n")
    out.writerow(["time", "user", "question", "type"])
    for time, user, question, kind in events:
        out.writerow([time + "Z", user, question, kind])
