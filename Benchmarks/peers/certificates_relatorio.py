#!/usr/bin/env python3
"""relatorio peer of `thidua-bench certificates`: the same certificates filled with relatorio
(Genshi templates in ODT), one ODT with one page per awardee.

relatorio reads an .odt whose LibreOffice placeholder fields hold Genshi expressions
(`<c.nguoi_nhan>`) and directives (`<for each="c in certs">` … `</for>`). Its template is derived
here from ThiĐua's flat template, programmatically, so both fill the same layout: each
placeholder `<name>` becomes `<c.name>`, the body is wrapped in a loop over the awardees (each
copy starts a page, as the first paragraph's style names the master page), and the parts are
packaged as an .odt with zipfile.

Usage: certificates_relatorio.py TEMPLATE.fodt RECORDS.json OUT.odt [--runs N] [--template-out T.odt]
Prints "relatorio write SECONDS s (median of N: ...); peak memory MIB MiB; relatorio VERSION".
Timed: loading the .odt template into relatorio, generating and writing the document (not
deriving the .odt template, a one-off authoring step, nor reading the JSON).
"""
import argparse
import importlib.metadata
import json
import os
import sys
from io import BytesIO

from relatorio.templates.opendocument import Template

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from certificates_template import PLACEHOLDER, FlatTemplate, write_package  # noqa: E402
from peer_timing import time_and_report  # noqa: E402

LOOP_OPEN = ('<text:p text:style-name="Standard"><text:placeholder text:placeholder-type="text">'
             '&lt;for each="c in certs"&gt;</text:placeholder></text:p>')
LOOP_CLOSE = ('<text:p text:style-name="Standard"><text:placeholder text:placeholder-type="text">'
              '&lt;/for&gt;</text:placeholder></text:p>')


def derive(template_path):
    """relatorio's .odt template, as bytes, from ThiĐua's .fodt; and the placeholder names."""
    template = FlatTemplate.read(template_path)
    names = [m.group(1) for m in PLACEHOLDER.finditer(template.body)]

    def expression(m):
        return m.group(0).replace(f"&lt;{m.group(1)}&gt;", f"&lt;c.{m.group(1)}&gt;")

    body = LOOP_OPEN + PLACEHOLDER.sub(expression, template.body) + LOOP_CLOSE
    out = BytesIO()
    meta = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {template.declarations}>'
            f'{template.meta}</office:document-meta>')
    write_package(out, template.content_xml(body), template.styles_xml(), meta)
    return out.getvalue(), names


def fill(odt, records, out):
    template = Template(source=BytesIO(odt))
    with open(out, "wb") as f:
        template.generate(certs=records).render(out=f)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("template")
    p.add_argument("records")
    p.add_argument("out")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--template-out", help="also save the derived relatorio template here")
    args = p.parse_args()
    odt, names = derive(args.template)
    if args.template_out:
        with open(args.template_out, "wb") as f:
            f.write(odt)
    with open(args.records, encoding="utf-8") as f:
        records = json.load(f)
    missing = sorted(set(names) - set(records[0])) if records else []
    if missing:
        sys.exit(f"the records lack the template's fields {missing}")
    versions = f"relatorio {importlib.metadata.version('relatorio')}, Genshi {importlib.metadata.version('genshi')}"
    time_and_report("relatorio", args.runs, lambda: fill(odt, records, args.out), note=versions)


if __name__ == "__main__":
    main()
