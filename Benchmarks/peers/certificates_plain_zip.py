#!/usr/bin/env python3
"""Plain-strings peer of `thidua-bench certificates`: the certificate template's body copied
once per awardee with each placeholder field string-replaced by the escaped value, joined and
zipped with the standard library (mimetype first and stored, parts deflated), the way a careful
programmer fills an ODT without a library (the baseline of ODF-NOTES.md).

Usage: certificates_plain_zip.py TEMPLATE.fodt RECORDS.json OUT.odt [--runs N]
RECORDS.json is a list of objects, one per awardee, mapping each placeholder name to its text.
Prints "plain-zip write SECONDS s (median of N: ...); peak memory MIB MiB". Timed: reading and
splitting the template, the substitution and writing the package (not reading the JSON).
"""
import argparse
import json
import os
import sys
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from certificates_template import PLACEHOLDER, FlatTemplate, write_package  # noqa: E402
from peer_timing import time_and_report  # noqa: E402


def fill(template_path, records, out):
    template = FlatTemplate.read(template_path)
    fields = [(m.group(0), m.group(1)) for m in PLACEHOLDER.finditer(template.body)]
    pages = []
    for record in records:
        page = template.body
        for element, name in fields:
            page = page.replace(element, escape(record.get(name, "")))
        pages.append(page)
    write_package(out, template.content_xml("".join(pages)), template.styles_xml(),
                  template.meta_xml("certificates_plain_zip.py"))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("template")
    p.add_argument("records")
    p.add_argument("out")
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    with open(args.records, encoding="utf-8") as f:
        records = json.load(f)
    time_and_report("plain-zip", args.runs, lambda: fill(args.template, records, args.out))


if __name__ == "__main__":
    main()
