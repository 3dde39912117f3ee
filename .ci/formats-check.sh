#!/usr/bin/env bash
# The demo's documents as DOCX, XLSX and PDF (thidua export … --format, converted by LibreOffice)
# keep what the ODF file has: as many pages (certificates: one per awardee), the header row of
# each table (repeated on every page) and rows kept whole, the same fonts, embedded in the PDF;
# on the overprint certificate every printed field stays where it is (within 1 mm).
# usage: .ci/formats-check.sh DEMODIR OUTDIR   (DEMODIR from `swift run thidua demo --out DEMODIR`)
# THIDUA="path/to/thidua" runs a built binary instead of `swift run thidua`.
set -euo pipefail
demo=${1:?usage: .ci/formats-check.sh DEMODIR OUTDIR}
out=${2:?usage: .ci/formats-check.sh DEMODIR OUTDIR}
# Both folders as given from where the script was called, before it moves to the project.
demo=$(cd "$demo" && pwd)
rm -rf "$out"
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$(dirname "$0")/.."
db="$demo/thidua.sqlite"
test -s "$db" || { echo "$db is missing: run swift run thidua demo --out $demo first" >&2; exit 1; }
read -r -a thidua <<< "${THIDUA:-swift run thidua}"
tools=../shared/tools
for t in "$tools/odfcheck" "$tools/odf-render"; do
    [ -x "$t" ] || { echo "$t is missing: the format checks cannot run" >&2; exit 1; }
done
for c in soffice pdfinfo pdffonts pdftotext python3; do
    command -v "$c" > /dev/null || { echo "$c is missing (bash ../shared/tools/install-odf-tools)" >&2; exit 1; }
done
# Every check runs and says what failed; the script fails at the end if any did.
failed=0
fail() { echo "FAIL $*" >&2; failed=1; }
pages() { pdfinfo "$1" | awk '/^Pages:/ { print $2 }'; }

echo "== export as DOCX, XLSX and PDF"
for campaign in DVK-2024 GUTD-2024 XH-2024; do
    for format in docx pdf; do
        "${thidua[@]}" export decision --db "$db" --campaign "$campaign" --seed 2024 --format "$format" --out "$out/$format" > /dev/null
        "${thidua[@]}" export certificates --db "$db" --campaign "$campaign" --seed 2024 --format "$format" --out "$out/$format" > /dev/null
        "${thidua[@]}" export certificates --overprint --db "$db" --campaign "$campaign" --seed 2024 --format "$format" --out "$out/$format" > /dev/null
    done
    for format in xlsx pdf; do
        "${thidua[@]}" export list --db "$db" --campaign "$campaign" --seed 2024 --format "$format" --out "$out/$format" > /dev/null
    done
done
for format in xlsx pdf; do
    "${thidua[@]}" export sheets --db "$db" --campaign DVK-2024 --format "$format" --out "$out/$format" > /dev/null
done

echo "== odfcheck on every ODF file written beside them"
"$tools/odfcheck" "$out"/docx/*.odt "$out"/xlsx/*.ods "$out"/pdf/*.odt "$out"/pdf/*.ods

echo "== render: the ODF files and the DOCX and XLSX files, each with LibreOffice"
"$tools/odf-render" "$out/odf" "$out"/docx/*.odt "$out"/xlsx/*.ods > /dev/null
profile="$out/profile"
mkdir -p "$profile/home"
for format in docx xlsx; do
    HOME="$profile/home" soffice -env:UserInstallation="file://$profile/lo" --headless --norestore \
        --convert-to pdf --outdir "$out/from-$format" "$out/$format"/*."$format" > /dev/null 2>&1
done

echo "== pages: each format as many as the ODF file; certificates one per awardee"
checked=0
for odf in "$out"/docx/*.odt "$out"/xlsx/*.ods; do
    name=$(basename "${odf%.*}")
    case $odf in *.odt) other=docx;; *) other=xlsx;; esac
    [ -s "$out/pdf/$name.pdf" ] || { fail "$name.pdf: not written by --format pdf"; continue; }
    [ -s "$out/from-$other/$name.pdf" ] || { fail "$name.$other: LibreOffice could not open it again"; continue; }
    want=$(pages "$out/odf/$name.pdf")
    case $name in
        giay-khen-*)
            # The demo wrote one file per awardee (tung-nguoi/) for the full layout.
            form=${name#giay-khen-in-phoi-}; form=${form#giay-khen-}
            awardees=$(find "$demo/tung-nguoi" -name "giay-khen-$form-*.odt" | wc -l)
            want=$awardees
            ;;
    esac
    ok=1
    for got in "$out/odf/$name.pdf" "$out/pdf/$name.pdf" "$out/from-$other/$name.pdf"; do
        [ "$(pages "$got")" = "$want" ] || { fail "$got: $(pages "$got") pages, expected $want"; ok=0; }
    done
    [ $ok = 0 ] || echo "OK   $name: $want page(s) as ODF, PDF and $other"
    checked=$((checked + ok))
done
[ "$checked" = 31 ] || fail "$checked documents of 31 (7 decisions, 14 certificates, 3 lists, 7 sheets) passed"

echo "== fonts: embedded in every PDF, the same in each format as in the ODF file"
fonts() { pdffonts "$1" | awk 'NR > 2 { sub(/^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\+/, "", $1); print $1 }' | sort -u | tr '\n' ' '; }
for pdf in "$out"/pdf/*.pdf "$out"/from-docx/*.pdf "$out"/from-xlsx/*.pdf; do
    # pdffonts' columns: name, type (one word or more), encoding, emb, sub, uni, object, ID.
    pdffonts "$pdf" | awk -v f="$pdf" 'NR > 2 && $(NF-4) != "yes" { print "FAIL " f ": font " $1 " not embedded"; bad = 1 } END { exit bad }' \
        || failed=1
    name=$(basename "$pdf")
    [ "$(fonts "$pdf")" = "$(fonts "$out/odf/$name")" ] || fail "$pdf: fonts $(fonts "$pdf"), the ODF file has $(fonts "$out/odf/$name")"
done
fonts "$out/pdf/quyet-dinh-DVK-2024-giay_khen.pdf" | grep -q "LiberationSerif-Bold" || fail "the decision's PDF has no Times New Roman (Liberation Serif) bold"

echo "== tables: header rows repeated and rows kept whole in DOCX; print titles in XLSX"
if python3 - "$out" <<'EOF'
import re, sys, zipfile, glob, os
out = sys.argv[1]
bad = []
for odt in sorted(glob.glob(f"{out}/docx/*.odt")):
    package = zipfile.ZipFile(odt)
    content = package.read("content.xml").decode()
    document = zipfile.ZipFile(odt[:-4] + ".docx").read("word/document.xml").decode()
    headers = content.count("<table:table-header-rows>")
    kept = any('fo:keep-together="always"' in package.read(part).decode() for part in ("content.xml", "styles.xml"))
    if headers and document.count("<w:tblHeader") < headers:
        bad.append(f"{os.path.basename(odt)}: {headers} header row(s) in the ODT, {document.count('<w:tblHeader')} w:tblHeader in the DOCX")
    if kept and "<w:cantSplit" not in document:
        bad.append(f"{os.path.basename(odt)}: rows kept together in the ODT, no w:cantSplit in the DOCX")
    if os.path.basename(odt).startswith("quyet-dinh-") and not (headers and kept):
        bad.append(f"{os.path.basename(odt)}: the attached list has no repeated header row or rows split across pages")
for ods in sorted(glob.glob(f"{out}/xlsx/*.ods")):
    content = zipfile.ZipFile(ods).read("content.xml").decode()
    sheets = [m for m in re.findall(r"<table:table [^>]*>.*?</table:table>", content, re.S) if "<table:table-header-rows>" in m]
    workbook = zipfile.ZipFile(ods[:-4] + ".xlsx").read("xl/workbook.xml").decode()
    titles = workbook.count('name="_xlnm.Print_Titles"')
    if titles < len(sheets):
        bad.append(f"{os.path.basename(ods)}: {len(sheets)} sheet(s) with header rows in the ODS, {titles} print titles in the XLSX")
print("\n".join("FAIL " + b for b in bad) or "OK   header rows in every DOCX and XLSX")
sys.exit(1 if bad else 0)
EOF
then :; else failed=1; fi

echo "== the overprint's fields: where the ODT prints them, within 1 mm, in PDF and through DOCX"
for f in "$out"/odf/giay-khen-in-phoi-*.pdf; do
    name=$(basename "$f" .pdf)
    for other in "$out/pdf/$name.pdf" "$out/from-docx/$name.pdf"; do
        pdftotext -bbox "$f" "$out/a.html"
        pdftotext -bbox "$other" "$out/b.html"
        python3 - "$out/a.html" "$out/b.html" "$other" <<'EOF' || failed=1
import re, sys
def words(path):
    pages = []
    for line in open(path, encoding="utf-8"):
        if "<page " in line:
            pages.append([])
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if m:
            pages[-1].append((m.group(5), [float(v) for v in m.groups()[:4]]))
    return pages
a, b = words(sys.argv[1]), words(sys.argv[2])
mm = 72 / 25.4
worst = 0.0
for n, (pa, pb) in enumerate(zip(a, b), 1):
    if [w for w, _ in pa] != [w for w, _ in pb]:
        sys.exit(f"FAIL {sys.argv[3]}: page {n} holds other words than the ODT's")
    for (word, box_a), (_, box_b) in zip(pa, pb):
        shift = max(abs(x - y) for x, y in zip(box_a, box_b)) / mm
        if shift > 1:
            sys.exit(f"FAIL {sys.argv[3]}: page {n}, '{word}' moved {shift:.2f} mm")
        worst = max(worst, shift)
print(f"OK   {sys.argv[3]}: {sum(map(len, a))} words, at most {worst:.2f} mm from the ODT's")
EOF
    done
done
rm -f "$out/a.html" "$out/b.html"
[ $failed = 0 ] || { echo "formats-check: some checks failed (above)" >&2; exit 1; }
echo "formats-check: all passed"
