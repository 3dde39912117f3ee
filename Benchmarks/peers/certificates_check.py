#!/usr/bin/env python3
"""Reads back the certificates written by `thidua-bench certificates` (ThiĐua and its peers):
each ODT's content.xml must hold one certificate per record, in order, with the record's
recipient (the paragraph styled NguoiNhan) and register number ("Số sổ vàng: …").

Usage: certificates_check.py RECORDS.json FILE.odt...
Prints one line per file; exit 1 if any file differs from the records.
"""
import json
import sys
import xml.etree.ElementTree as ET
import zipfile

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
P, H, S, TAB, BR = (f"{{{TEXT}}}{n}" for n in ("p", "h", "s", "tab", "line-break"))
STYLE = f"{{{TEXT}}}style-name"
REGISTER = "Số sổ vàng: "


def text_of(element):
    """A paragraph's text as a reader sees it: spaces, tabs and line breaks expanded."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == S:
            parts.append(" " * int(child.get(f"{{{TEXT}}}c", "1")))
        elif child.tag == TAB:
            parts.append("\t")
        elif child.tag == BR:
            parts.append("\n")
        else:
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read(path):
    """The recipients and register numbers of a document, in order."""
    names, registers = [], []
    with zipfile.ZipFile(path) as z, z.open("content.xml") as content:
        for _, element in ET.iterparse(content):
            if element.tag not in (P, H):
                continue
            style = element.get(STYLE)
            text = text_of(element)
            if style == "NguoiNhan":
                names.append(text)
            elif style == "SoQD" and text.startswith(REGISTER):
                registers.append(text[len(REGISTER):])
            element.clear()
    return names, registers


def main():
    records_path, files = sys.argv[1], sys.argv[2:]
    with open(records_path, encoding="utf-8") as f:
        records = json.load(f)
    expected_names = [r["nguoi_nhan"] for r in records]
    expected_registers = [r["so_so_vang"] for r in records]
    failed = False
    for path in files:
        names, registers = read(path)
        problems = []
        if len(names) != len(records):
            problems.append(f"{len(names)} recipients, expected {len(records)}")
        if names != expected_names:
            first = next((i for i, (a, b) in enumerate(zip(names, expected_names)) if a != b), min(len(names), len(expected_names)))
            problems.append(f"recipients differ from certificate {first + 1}")
        if registers != expected_registers:
            problems.append(f"register numbers differ ({len(registers)} read)")
        if problems:
            failed = True
            print(f"FAIL {path}: " + "; ".join(problems))
        else:
            print(f"OK   {path}: {len(names)} recipients and register numbers, in the records' order")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
