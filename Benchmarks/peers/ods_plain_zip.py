#!/usr/bin/env python3
"""Plain-strings peer of `thidua-bench award-list`: the award list's rows written as a minimal
valid ODF 1.3 spreadsheet by joining strings and zipping them with the standard library's
zipfile (mimetype first and stored, the parts deflated at zlib's default level), the way a
careful programmer writes an .ods without a library.

Usage: ods_plain_zip.py ROWS.csv OUT.ods [--runs N]
The CSV's first line is the header; columns named in --numbers are written as float cells.
Prints "plain-zip write SECONDS s (median of N: ...); peak memory MIB MiB" (reading the CSV is
not timed).
"""
import argparse
import csv
import zipfile
from xml.sax.saxutils import escape, quoteattr
from peer_timing import time_and_report

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3"')
MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
            f'<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="{MIMETYPE}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
            '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>')
STYLES = f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {NS}/>'
META = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {NS}><office:meta>'
        '<meta:generator>ods_plain_zip.py</meta:generator></office:meta></office:document-meta>')
QUOTES = {'"': "&quot;"}


def write(path, sheet, header, rows, numbers):
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {NS}><office:body><office:spreadsheet>'
           f'<table:table table:name={quoteattr(sheet)}>',
           f'<table:table-column table:number-columns-repeated="{len(header)}"/><table:table-row>']
    for h in header:
        out.append(f'<table:table-cell office:value-type="string"><text:p>{escape(h, QUOTES)}</text:p></table:table-cell>')
    out.append("</table:table-row>")
    for row in rows:
        out.append("<table:table-row>")
        for i, v in enumerate(row):
            if i in numbers:
                out.append(f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>')
            else:
                out.append(f'<table:table-cell office:value-type="string"><text:p>{escape(v, QUOTES)}</text:p></table:table-cell>')
        out.append("</table:table-row>")
    out.append("</table:table></office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", (1980, 1, 1, 0, 0, 0)), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        for name, text in (("META-INF/manifest.xml", MANIFEST), ("content.xml", "".join(out)),
                           ("styles.xml", STYLES), ("meta.xml", META)):
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), text.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("rows")
    p.add_argument("out")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--sheet", default="Bằng khen")
    p.add_argument("--numbers", default="STT,Hạng,Tổng điểm")
    args = p.parse_args()
    with open(args.rows, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    numbers = {header.index(n) for n in args.numbers.split(",")}
    time_and_report("plain-zip", args.runs, lambda: write(args.out, args.sheet, header, rows, numbers))


if __name__ == "__main__":
    main()
