#!/usr/bin/env bash
# The demo's Party decision and certificates (DVK-2024 Giấy khen of the Ban Thường vụ Thị uỷ, format: dang),
# rendered by LibreOffice into RENDERDIR (quyet-dinh-DVK-2024-giay_khen.{pdf,txt}, giay-khen-…), read as
# Hướng dẫn 36-HD/VPTW lays them out: the text in its order, and measured from the PDF (pdfplumber) the
# heading "ĐẢNG CỘNG SẢN VIỆT NAM" at the top right with a rule under it as long as the heading.
# Usage: .ci/party-check.sh RENDERDIR
set -euo pipefail
dir=${1:?usage: .ci/party-check.sh RENDERDIR}
decision="$dir/quyet-dinh-DVK-2024-giay_khen"
certificate="$dir/giay-khen-DVK-2024-giay_khen"
for f in "$decision.pdf" "$decision.txt" "$certificate.pdf" "$certificate.txt"; do
    test -s "$f" || { echo "party-check: $f is missing (render the demo's DVK-2024 Giấy khen first)" >&2; exit 1; }
done

python3 - "$decision" "$certificate" <<'EOF'
import sys
import unicodedata

import pdfplumber

decision, certificate = sys.argv[1], sys.argv[2]
failures = []


def check(ok, message):
    if not ok:
        failures.append(message)


def text_of(stem):
    with open(stem + ".txt", encoding="utf-8") as f:
        return unicodedata.normalize("NFC", f.read())


# The decision's text, in the order a Party decision is written.
text = text_of(decision)
first = text.split("\f")[0]
order = ["ĐẢNG BỘ TỈNH BÌNH AN", "THỊ UỶ PHÚ LÂM", "*", "Số 127-QĐ/TU", "QUYẾT ĐỊNH", "về việc tặng Giấy khen", "-----",
         "- Căn cứ Điều lệ Đảng;", "- Xét đề nghị của Ban Dân vận Thị uỷ,", "BAN THƯỜNG VỤ THỊ UỶ PHÚ LÂM QUYẾT ĐỊNH",
         "Điều 1. Tặng Giấy khen của Ban Thường vụ Thị uỷ cho 6 tập thể", "Nơi nhận:", "Trần Thị Mai"]
at = 0
for piece in order:
    found = first.find(piece, at)
    check(found >= 0, f"decision: {piece!r} missing on page 1 or out of order (after position {at})")
    at = found + len(piece) if found >= 0 else at
check("ĐẢNG CỘNG SẢN VIỆT NAM" in first, "decision: no heading ĐẢNG CỘNG SẢN VIỆT NAM")
lines = [line.strip() for line in first.splitlines()]
signature = [n for n, line in enumerate(lines) if line.endswith("T/M BAN THƯỜNG VỤ")]
check(len(signature) == 1 and lines[signature[0] + 1].endswith("PHÓ BÍ THƯ"),
      "decision: the signature is not 'T/M BAN THƯỜNG VỤ' over 'PHÓ BÍ THƯ'")
for state in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số:", "TM.", "KT.", "QĐ-UBND"]:
    check(state not in text, f"decision: the state format's {state!r} in a Party decision")
check("Kèm theo Quyết định số 127-QĐ/TU" in text, "decision: the attached list does not cite 127-QĐ/TU")


def heading_and_rule(stem, what, right):
    """The heading's words on page 1 and the horizontal rule just below them."""
    with pdfplumber.open(stem + ".pdf") as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        for n in range(len(words) - 4):
            run = words[n:n + 5]
            if unicodedata.normalize("NFC", " ".join(w["text"] for w in run)) == "ĐẢNG CỘNG SẢN VIỆT NAM" \
                    and abs(run[0]["top"] - run[-1]["top"]) < 1:
                break
        else:
            failures.append(f"{what}: no words ĐẢNG CỘNG SẢN VIỆT NAM on one line of page 1")
            return
        x0, x1, bottom, top = run[0]["x0"], run[-1]["x1"], max(w["bottom"] for w in run), run[0]["top"]
        width = x1 - x0
        check(top < page.height * 0.15, f"{what}: the heading is not at the top (top {top:.1f} pt of {page.height:.1f})")
        if right:
            check(x0 > page.width / 2, f"{what}: the heading starts at x = {x0:.1f} pt, not in the right half ({page.width / 2:.1f})")
        else:
            centre = (x0 + x1) / 2
            check(abs(centre - page.width / 2) < 15, f"{what}: the heading is not centred (centre {centre:.1f} pt)")
        rules = [seg for seg in page.lines + page.rects
                 if abs(seg["top"] - seg["bottom"]) < 2 and 0 <= seg["top"] - bottom <= 14 and seg["x1"] - seg["x0"] > 20]
        check(len(rules) == 1, f"{what}: {len(rules)} rules just below the heading, expected 1")
        for rule in rules:
            length = rule["x1"] - rule["x0"]
            check(abs(length - width) <= 0.05 * width,
                  f"{what}: the rule is {length:.1f} pt long, the heading {width:.1f} pt (36-HD/VPTW: as long as the heading)")
            check(abs(rule["x0"] - x0) <= 6 and abs(rule["x1"] - x1) <= 6,
                  f"{what}: the rule ({rule['x0']:.1f}–{rule['x1']:.1f}) is not under the heading ({x0:.1f}–{x1:.1f})")
        return page.width, words


measured = heading_and_rule(decision, "decision", right=True)
if measured:
    width, words = measured
    # The issuing body, its asterisk and the number stand in the left half, level with the heading.
    for token in ["THỊ", "*", "127-QĐ/TU"]:
        hits = [w for w in words if unicodedata.normalize("NFC", w["text"]) == token and w["top"] < 200]
        check(hits and hits[0]["x1"] < width / 2, f"decision: {token!r} is not in the left half of the header")

# The certificates: one page per awardee, each with the heading, the Ban Thường vụ and its signature.
cert = text_of(certificate)
pages = [p for p in cert.split("\f") if p.strip()]
check(len(pages) == 6, f"certificate: {len(pages)} pages, expected 6 (one per awardee)")
for n, page in enumerate(pages, 1):
    for piece in ["ĐẢNG CỘNG SẢN VIỆT NAM", "BAN THƯỜNG VỤ THỊ UỶ PHÚ LÂM", "GIẤY KHEN", "Quyết định số 127-QĐ/TU",
                  "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Trần Thị Mai"]:
        check(piece in page, f"certificate page {n}: {piece!r} missing")
    check("CỘNG HÒA" not in page, f"certificate page {n}: the Quốc hiệu on a Party certificate")
heading_and_rule(certificate, "certificate", right=False)

if failures:
    print("party-check: the Party documents do not follow Hướng dẫn 36-HD/VPTW:", file=sys.stderr)
    for f in failures:
        print("  - " + f, file=sys.stderr)
    sys.exit(1)
print("party-check: Party decision and certificates laid out as Hướng dẫn 36-HD/VPTW says")
EOF
