#!/usr/bin/env python3
"""Reads .ods files back the way a reader sees them and checks they hold the same rows as the
CSV they were written from: every data row's cells, text as text and numbers by value
(office:value, so 98.54 whatever the file shows), header rows left aside.

Usage: ods_rows.py ROWS.csv FILE.ods|FILE.fods...
Prints "NAME: N rows, same as the CSV" or what differs, per file; exit 1 if any differs.
"""
import csv
import sys
import zipfile
import xml.etree.ElementTree as ET

T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
X = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def paragraph_text(p):
    """A text:p's text with text:s and text:tab expanded."""
    parts = [p.text or ""]
    for child in p:
        if child.tag == X + "s":
            parts.append(" " * int(child.get(X + "c", "1")))
        elif child.tag == X + "tab":
            parts.append("\t")
        else:
            parts.append(paragraph_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def rows(path):
    """The data rows of the first sheet (those outside table:table-header-rows, the first
    row dropped when there are none), each a tuple of cell values."""
    if path.endswith(".fods"):
        with open(path, "rb") as f:
            return _rows(f)
    with zipfile.ZipFile(path) as z, z.open("content.xml") as f:
        return _rows(f)


def _rows(f):
    found, header_rows, in_header, tables = [], False, 0, 0
    for event, el in ET.iterparse(f, events=("start", "end")):
        if el.tag == T + "table":
            tables += event == "start"
        if tables > 1:
            break
        if el.tag == T + "table-header-rows":
            header_rows = True
            in_header += 1 if event == "start" else -1
        if event != "end" or el.tag != T + "table-row":
            continue
        if not in_header:
            cells = []
            for c in el.iter(T + "table-cell"):
                n = int(c.get(T + "number-columns-repeated", "1"))
                if c.get(O + "value-type") == "float":
                    v = float(c.get(O + "value"))
                else:
                    v = "\n".join(paragraph_text(p) for p in c.iter(X + "p"))
                cells.extend([v] * n)
            while cells and cells[-1] == "":
                cells.pop()
            if cells:
                found.extend([tuple(cells)] * int(el.get(T + "number-rows-repeated", "1")))
        el.clear()
    return found if header_rows else found[1:]


def main():
    with open(sys.argv[1], newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        numbers = {header.index(name) for name in ("STT", "Hạng", "Tổng điểm")}
        expected = [tuple(float(v) if i in numbers else v for i, v in enumerate(r)) for r in reader]
    rc = 0
    for path in sys.argv[2:]:
        got = rows(path)
        if got == expected:
            print(f"{path}: {len(got)} rows, same as the CSV")
            continue
        rc = 1
        first = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
        print(f"{path}: {len(got)} rows, the CSV {len(expected)}; first difference at row {first + 1}: "
              f"{got[first] if first < len(got) else None} vs {expected[first] if first < len(expected) else None}")
    sys.exit(rc)


if __name__ == "__main__":
    main()
