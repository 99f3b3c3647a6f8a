#!/usr/bin/env python3
"""Derives purchases.csv.gz and items.csv from the UCI Online Retail CSV (online_retail.csv.gz).

Keeps the purchase lines of known customers (CustomerID present, InvoiceNo without a 'C' prefix,
Quantity > 0), in file (time) order, with only the columns the evaluation suite replays, and drops
the non-product stock codes. InvoiceDate (UK local time) becomes UTC with the Europe/London zone.
items.csv: each stock code's first description and the last word of it as its category.
Usage: python3 derive.py /path/to/online_retail.csv.gz
"""
import csv, gzip, sys
from datetime import datetime
from zoneinfo import ZoneInfo

NON_PRODUCTS = {"POST", "DOT", "M", "m", "C2", "D", "S", "BANK CHARGES", "AMAZONFEE", "CRUK", "PADS", "B"}
london, utc = ZoneInfo("Europe/London"), ZoneInfo("UTC")
items = {}
with gzip.open(sys.argv[1], "rt", encoding="utf-8", newline="") as source, \
        gzip.GzipFile("purchases.csv.gz", "wb", mtime=0) as raw:
    out = csv.writer(raw_text := __import__("io").TextIOWrapper(raw, encoding="utf-8", newline=""), lineterminator="\n")
    out.writerow(["invoice", "customer", "item", "time"])
    for row in csv.DictReader(source):
        code = row["StockCode"]
        if (not row["CustomerID"] or row["InvoiceNo"].startswith("C") or int(row["Quantity"]) <= 0
                or code in NON_PRODUCTS or code.startswith("gift_0001") or code.startswith("DCGS")):
            continue
        when = datetime.strptime(row["InvoiceDate"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=london).astimezone(utc)
        out.writerow([row["InvoiceNo"], str(int(float(row["CustomerID"]))), code, when.strftime("%Y-%m-%dT%H:%M:%SZ")])
        description = " ".join(row["Description"].split())
        if code not in items and description:
            items[code] = description
    raw_text.flush()
with open("items.csv", "w", encoding="utf-8", newline="") as f:
    out = csv.writer(f, lineterminator="\n")
    out.writerow(["item", "category", "description"])
    for code, description in items.items():
        out.writerow([code, description.split()[-1], description])
