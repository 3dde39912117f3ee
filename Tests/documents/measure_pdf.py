#!/usr/bin/env python3
"""Measures a rendered decision or certificate (a PDF from LibreOffice or Word) as a văn thư
reads it, with pdfplumber: where words and rules fall, not only which text is there.

  measure_pdf.py decision FILE.pdf [--signer NAME]   the checks of a decision (Nghị định 30)
  measure_pdf.py certificate FILE.pdf --pages N        the checks of a certificate file
  measure_pdf.py dump FILE.pdf                         lines and rules as JSON, to look at

Prints one line per problem and exits 1 if there is any; prints the measures with --verbose.
Needs pdfplumber (pip install pdfplumber).
"""
import argparse
import json
import sys

import pdfplumber

MM = 72 / 25.4
TOLERANCE = 2.0  # points, for "on the same line" and "centred"


def lines_of(page):
    """Words grouped into lines (same bottom within 1.5 pt), each split into runs wherever a
    gap wider than 3 em separates words (the two columns of the header sit on one line)."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size", "fontname"])
    words.sort(key=lambda w: (round(w["bottom"]), w["x0"]))
    rows = []
    for w in words:
        if rows and abs(rows[-1][-1]["bottom"] - w["bottom"]) <= 1.5:
            rows[-1].append(w)
        else:
            rows.append([w])
    runs = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        run = [row[0]]
        for w in row[1:]:
            if w["x0"] - run[-1]["x1"] > 3 * w["size"]:
                runs.append(run)
                run = [w]
            else:
                run.append(w)
        runs.append(run)
    return [
        {
            "text": " ".join(w["text"] for w in run),
            "x0": min(w["x0"] for w in run),
            "x1": max(w["x1"] for w in run),
            "top": min(w["top"] for w in run),
            "bottom": max(w["bottom"] for w in run),
            "size": max(w["size"] for w in run),
            "bold": all("Bold" in w["fontname"] for w in run),
        }
        for run in runs
    ]


def rules_of(page):
    """Thin horizontal strokes (underlines, borders, drawn lines: under 2 pt high), the pieces
    that touch on one line joined (LibreOffice underlines glyph by glyph), over 8 pt wide."""
    pieces = sorted(({"x0": r["x0"], "x1": r["x1"], "top": r["top"], "bottom": r["bottom"]}
                     for r in list(page.rects) + list(page.lines) if r["bottom"] - r["top"] < 2 and r["x1"] > r["x0"]),
                    key=lambda r: (round(r["top"] * 2), r["x0"]))
    joined = []
    for r in pieces:
        last = joined[-1] if joined else None
        if last and abs(last["top"] - r["top"]) < 0.5 and r["x0"] <= last["x1"] + 1:
            last["x1"] = max(last["x1"], r["x1"])
        else:
            joined.append(dict(r))
    # Two cells' borders drawn a hair apart count as one.
    rules = []
    for r in sorted((r for r in joined if r["x1"] - r["x0"] > 8), key=lambda r: (r["top"], r["x0"])):
        if rules and r["top"] - rules[-1]["top"] < 1.5 and abs(r["x0"] - rules[-1]["x0"]) < 2 and abs(r["x1"] - rules[-1]["x1"]) < 2:
            continue
        rules.append(r)
    return rules


def rule_below(rules, line, within=12):
    """The rule just under `line` (its top from the line's bottom to `within` points below) that
    overlaps it horizontally."""
    candidates = [r for r in rules if line["bottom"] - 2 <= r["top"] <= line["bottom"] + within
                  and r["x0"] < line["x1"] and r["x1"] > line["x0"]]
    return min(candidates, key=lambda r: r["top"]) if candidates else None


def centre(x):
    return (x["x0"] + x["x1"]) / 2


def width(x):
    return x["x1"] - x["x0"]


class Report:
    def __init__(self, name, verbose):
        self.name, self.verbose, self.problems = name, verbose, []

    def fail(self, message):
        self.problems.append(f"{self.name}: {message}")

    def note(self, message):
        if self.verbose:
            print(f"{self.name}: {message}")


def check_fonts(pdf, report):
    """Every glyph in the document's own font: no fallback font (a letter the font lacks)."""
    fonts = set()
    for page in pdf.pages:
        fonts.update(c["fontname"].split("+")[-1] for c in page.chars)
    foreign = sorted(f for f in fonts if not (f.startswith("LiberationSerif") or f.startswith("TimesNewRoman")))
    report.note(f"fonts {sorted(fonts)}")
    if foreign:
        report.fail(f"letters set in a fallback font {foreign} (the font lacks them: install fonts-liberation2)")


def check_share(report, what, rule, lines):
    longest = max(lines, key=width)
    share = width(rule) / width(longest)
    report.note(f"{what}: rule {width(rule) / MM:.1f} mm under a line of {width(longest) / MM:.1f} mm ({share:.2f})")
    if not (1 / 3 - 0.01 <= share <= 1 / 2 + 0.01):
        report.fail(f"{what}: the rule is {share:.2f} of its line ({width(rule) / MM:.1f} of {width(longest) / MM:.1f} mm); Nghị định 30 asks 1/3 to 1/2")
    if abs(centre(rule) - centre(longest)) > TOLERANCE:
        report.fail(f"{what}: the rule is off centre by {centre(rule) - centre(longest):.1f} pt")


def check_decision(pdf, report, signer):
    check_fonts(pdf, report)
    page = pdf.pages[0]
    lines, rules = lines_of(page), rules_of(page)
    half = page.width / 2
    # The header: the left column (issuing body) and the right (Quốc hiệu), down to "Số:" and the date.
    try:
        quoc_hieu = next(l for l in lines if l["text"].startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
        tieu_ngu = next(l for l in lines if l["text"].startswith("Độc lập - Tự do - Hạnh phúc"))
        number = next(l for l in lines if l["text"].startswith("Số:") or l["text"].startswith("Số "))
        date = next(l for l in lines if ", ngày " in l["text"] and l["x0"] > number["x1"])
    except StopIteration:
        report.fail("no Quốc hiệu, tiêu ngữ, 'Số:' or place and date found on page 1")
        return
    if abs(number["bottom"] - date["bottom"]) > TOLERANCE:
        report.fail(f"'Số:' and the place and date are not on one line ({number['bottom'] - date['bottom']:+.1f} pt)")
    left = [l for l in lines if l["x1"] < half and l["bottom"] < number["top"]]
    if not left:
        report.fail("no issuing body at the left of the header")
        return
    # Nghị định 30: the left column's first line sits on the Quốc hiệu's line, its second on the tiêu ngữ's.
    for l, r in zip(left, [quoc_hieu, tieu_ngu]):
        if abs(l["bottom"] - r["bottom"]) > TOLERANCE:
            report.fail(f"the header's columns do not align: '{l['text']}' is {l['bottom'] - r['bottom']:+.1f} pt from '{r['text'][:20]}…'")
    rule = rule_below(rules, tieu_ngu)
    if rule is None:
        report.fail("no rule under the tiêu ngữ")
    elif abs(width(rule) - width(tieu_ngu)) > 0.06 * width(tieu_ngu) or abs(centre(rule) - centre(tieu_ngu)) > TOLERANCE:
        report.fail(f"the rule under the tiêu ngữ is {width(rule) / MM:.1f} mm, the tiêu ngữ {width(tieu_ngu) / MM:.1f} mm: they should be equal and centred")
    body = [l for l in left if l["bold"]]
    rule = rule_below(rules, left[-1])
    if not body or rule is None:
        report.fail("no rule under the issuing body")
    else:
        check_share(report, "issuing body", rule, body)
    # The trích yếu: the lines between the type name and the rule under them.
    try:
        type_name = next(l for l in lines if l["text"] == "QUYẾT ĐỊNH" and l["top"] > number["bottom"])
    except StopIteration:
        report.fail("no type name 'QUYẾT ĐỊNH' under the header")
        return
    below = [r for r in rules if r["top"] > type_name["bottom"]]
    if not below:
        report.fail("no rule under the trích yếu")
    else:
        rule = min(below, key=lambda r: r["top"])
        subject = [l for l in lines if type_name["bottom"] < l["bottom"] <= rule["top"] + 1]
        if not subject:
            report.fail("no trích yếu between 'QUYẾT ĐỊNH' and its rule")
        else:
            report.note("trích yếu: " + " / ".join(l["text"] for l in subject))
            check_share(report, "trích yếu", rule, subject)
            if len(subject) > 1:
                widths = [width(l) for l in subject]
                if min(widths) < 0.6 * max(widths):
                    report.fail(f"the trích yếu's lines are uneven: {', '.join(f'{w / MM:.0f}' for w in widths)} mm")
    check_signature(pdf, report, signer)
    check_list(pdf, report)


def page_lines(pdf):
    return [lines_of(p) for p in pdf.pages]


def check_signature(pdf, report, signer):
    """The page with "Nơi nhận:" holds the whole block (through "- Lưu:" and the signer's name)
    and, above it, the end of the last article: the block never stands alone or splits."""
    pages = page_lines(pdf)
    holding = [n for n, lines in enumerate(pages) if any(l["text"].startswith("Nơi nhận:") for l in lines)]
    if len(holding) != 1:
        report.fail(f"'Nơi nhận:' on {len(holding)} pages")
        return
    n = holding[0]
    lines = pages[n]
    block_top = next(l for l in lines if l["text"].startswith("Nơi nhận:"))["top"]
    if not any(l["text"].startswith("- Lưu:") for l in lines):
        report.fail(f"page {n + 1}: Nơi nhận splits ('- Lưu:' is not on the page of 'Nơi nhận:')")
    if signer and not any(signer in l["text"] for l in lines):
        report.fail(f"page {n + 1}: the signer {signer} is not on the page of 'Nơi nhận:'")
    above = [l for l in lines if l["bottom"] < block_top - 2 and not l["text"].strip().isdigit()]
    if not above:
        report.fail(f"page {n + 1} starts with the signature block: no article above it")
    report.note(f"signature block on page {n + 1}, {len(above)} lines above it")


def check_list(pdf, report):
    """Each page of the attached list starts with its header row, then a row's first line (its
    STT: a number, or I / II for the parts): no row continues from the page before."""
    pages = page_lines(pdf)
    start = next((n for n, lines in enumerate(pages) if any(l["text"] == "DANH SÁCH" for l in lines)), None)
    if start is None:
        return
    for n in range(start, len(pages)):
        lines = pages[n]
        header = next((l for l in lines if l["text"].startswith("STT")), None)
        if header is None:
            report.fail(f"page {n + 1} of the list has no header row")
            continue
        # Rows are bounded by the table's horizontal borders: the first row below the header's
        # must hold its STT in the STT column.
        borders = sorted((r for r in rules_of(pdf.pages[n]) if width(r) > pdf.pages[n].width / 3 and r["top"] > header["bottom"] - 1),
                         key=lambda r: r["top"])
        if len(borders) < 2:
            continue
        top, bottom = borders[0]["top"], borders[1]["top"]
        stt = [l for l in lines if top < l["top"] < bottom and l["x0"] < header["x1"]]
        texts = [l["text"].split(" ")[0] for l in stt]
        if not any(t.isdigit() or t in ("I", "II", "III") for t in texts):
            first = [l["text"] for l in lines if top < l["top"] < bottom][:1]
            report.fail(f"page {n + 1}: the list's first row continues from the page before ({first[0][:40] if first else 'empty'!r})")
    report.note(f"list on pages {start + 1}–{len(pages)}")


def check_certificate(pdf, report, expected_pages):
    check_fonts(pdf, report)
    if len(pdf.pages) != expected_pages:
        report.fail(f"{len(pdf.pages)} pages, expected {expected_pages} (one per awardee)")
    for n, page in enumerate(pdf.pages):
        lines = lines_of(page)
        if not lines:
            report.fail(f"page {n + 1} is empty")
            continue
        # The border: the long horizontal strokes (a double border is drawn as two of each).
        long = [r for r in list(page.rects) + list(page.lines) if r["x1"] - r["x0"] > page.width / 2]
        upper = [r["bottom"] for r in long if r["bottom"] < page.height / 4]
        lower = [r["top"] for r in long if r["top"] > page.height * 3 / 4]
        if upper and lower:
            inner_top, inner_bottom = max(upper), min(lower)
            empty_below = inner_bottom - max(l["bottom"] for l in lines)
            empty_above = min(l["top"] for l in lines) - inner_top
            report.note(f"page {n + 1}: {empty_above / MM:.0f} mm above the text, {empty_below / MM:.0f} mm below it inside the border")
            if empty_below > 30 * MM or empty_below > empty_above + 20 * MM:
                report.fail(f"page {n + 1}: {empty_below / MM:.0f} mm left empty inside the border below the text "
                            f"({empty_above / MM:.0f} mm above it)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["decision", "certificate", "dump"])
    parser.add_argument("pdf")
    parser.add_argument("--signer")
    parser.add_argument("--pages", type=int)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    report = Report(args.pdf.split("/")[-1], args.verbose)
    with pdfplumber.open(args.pdf) as pdf:
        if args.kind == "dump":
            json.dump([{"width": p.width, "height": p.height, "lines": lines_of(p), "rules": rules_of(p)} for p in pdf.pages],
                      sys.stdout, ensure_ascii=False, indent=1)
            return 0
        if args.kind == "decision":
            check_decision(pdf, report, args.signer)
        else:
            if args.pages is None:
                parser.error("certificate needs --pages N")
            check_certificate(pdf, report, args.pages)
    for p in report.problems:
        print(p)
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
