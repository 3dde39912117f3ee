#!/usr/bin/env bash
# The award list and a score sheet as printed and as LibreOffice saves them (issue 12, items 5 and 9),
# measured on the demo's files with a real LibreOffice:
#   - the PDF: A4 landscape, every character at 11 pt or more, the table ruled, the header row at
#     the top of every page (the score sheet and the ranking sheets run over several pages), the
#     number headers centred over their numbers, the signature block whole on the last page;
#   - the score sheet saved again by LibreOffice keeps its validation (range and step), and its
#     XLSX holds the same rules as Excel data validations.
# usage: .ci/sheets-check.sh OUTDIR DEMODIR   (needs ../shared/tools, soffice, pdfplumber)
set -euo pipefail
out=$(realpath -m "${1:?usage: sheets-check.sh OUTDIR DEMODIR}"); demo=$(realpath -m "${2:?usage: sheets-check.sh OUTDIR DEMODIR}")
cd "$(dirname "$0")/.."
mkdir -p "$out/home"
list="$demo/list-DVK-2024.ods"; sheet="$demo/phieu-cham-DVK-2024-GK03.ods"
../shared/tools/odf-render "$out/render" "$list" "$sheet" > /dev/null

python3 - "$out/render/list-DVK-2024.pdf" "$out/render/phieu-cham-DVK-2024-GK03.pdf" <<'PY'
import re, sys
import pdfplumber

def check(ok, message):
    if not ok:
        print("FAIL", message); sys.exit(1)

def words(page):
    return page.extract_words(keep_blank_chars=False, use_text_flow=False)

for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        name = path.rsplit("/", 1)[-1]
        sizes = sorted({round(c["size"], 1) for p in pdf.pages for c in p.chars})
        check(sizes and sizes[0] >= 11, f"{name}: characters at {sizes[0]} pt, under 11")
        for n, page in enumerate(pdf.pages, 1):
            check(round(page.width) == 842 and round(page.height) == 595, f"{name} p{n}: not A4 landscape ({page.width}×{page.height})")
            text = page.extract_text()
            header = ("Tên mô hình", "Nhận xét") if "phieu-cham" in name else ("Tên mô hình", "Tổng điểm")
            check(all(h in text for h in header), f"{name} p{n}: no header row")
            check(len(page.lines) + len(page.rects) + len(page.edges) >= 10, f"{name} p{n}: the table has no rules")
        print(f"OK   {name}: {len(pdf.pages)} pages, A4 landscape, fonts {sizes} pt, header row and rules on every page")
        if "list" in name:
            # The "Tổng điểm" header centred over the totals (98,54) beneath it, within 3 pt.
            page = pdf.pages[0]
            ws = words(page)
            head = [w for w in ws if w["text"] == "Tổng"]
            numbers = [w for w in ws if re.fullmatch(r"\d+,\d\d", w["text"])]
            check(head and numbers, f"{name}: no 'Tổng điểm' header or totals on page 1")
            after = [w for w in ws if w["text"] == "điểm" and abs(w["top"] - head[0]["top"]) < 2]
            centre = (head[0]["x0"] + (after[0]["x1"] if after else head[0]["x1"])) / 2
            for w in numbers:
                check(abs((w["x0"] + w["x1"]) / 2 - centre) < 3, f"{name}: total {w['text']} not under its header")
            print(f"OK   {name}: {len(numbers)} totals centred under 'Tổng điểm' (x = {centre:.1f} pt)")
        else:
            last = pdf.pages[-1].extract_text()
            for part in ("Ngày", "THÀNH VIÊN HỘI ĐỒNG", "(Ký và ghi rõ họ tên)", "Lâm Văn Đức", "Số mô hình trên phiếu: 38"):
                check(part in last, f"{name}: the signature block is not whole on the last page ({part!r} missing)")
            print(f"OK   {name}: the signature block whole on page {len(pdf.pages)}")
PY

# LibreOffice saves the score sheet again (ODS) and as XLSX: the rules stay, with their bounds and step.
lo() { HOME="$out/home" soffice -env:UserInstallation="file://$out/profile" --headless --norestore "$@" > /dev/null 2>&1; }
lo --convert-to ods --outdir "$out/resaved" "$sheet"
lo --convert-to xlsx --outdir "$out/xlsx" "$sheet"
content=$(unzip -p "$out/resaved/phieu-cham-DVK-2024-GK03.ods" content.xml)
worksheet=$(unzip -p "$out/xlsx/phieu-cham-DVK-2024-GK03.xlsx" xl/worksheets/sheet1.xml)
for rule in 'D7;20' 'E7;15' 'F7;25' 'G7;15' 'H7;10'; do
    cell=${rule%%;*}; max=${rule##*;}
    want="of:is-true-formula(AND(ISNUMBER([.$cell]);[.$cell]&gt;=0;[.$cell]&lt;=$max;ROUND([.$cell]/0.5;6)=ROUND([.$cell]/0.5;0)))"
    grep -qF "table:condition=\"$want\"" <<< "$content" || { echo "FAIL re-saved sheet: no rule $want"; exit 1; }
    xlsx="sqref=\"$cell:${cell%7}44\" type=\"custom\"><formula1>AND(ISNUMBER($cell),$cell&gt;=0,$cell&lt;=$max,ROUND($cell/0.5,6)=ROUND($cell/0.5,0))</formula1>"
    grep -qF "$xlsx" <<< "$worksheet" || { echo "FAIL XLSX: no rule $xlsx"; exit 1; }
done
echo "OK   phieu-cham-DVK-2024-GK03: 5 rules (0–max, step 0,5) kept by a LibreOffice save and written to XLSX as custom rules on D7:H44"
