#!/usr/bin/env bash
# The demo's documents measured in their rendered PDFs (Tests/documents/measure_pdf.py), not only
# their text: each state-format decision's header columns aligned, the rules under the issuing
# body and the trích yếu 1/3–1/2 of their lines, the signature block whole with an article above
# it, the list's rows whole under a repeated header, every letter in Times/Liberation Serif; each
# certificate file one page per awardee, its text filling the border.
# Usage: .ci/documents-check.sh RENDERDIR (PDFs from odf-render of the demo's .odt files).
set -euo pipefail
render=$1
measure() { python3 "$(dirname "$0")/../Tests/documents/measure_pdf.py" "$@"; }
for pair in "DVK-2024-bang_khen:Lê Văn Thành" "GUTD-2024-co_thi_dua:Trần Quốc Hưng" "GUTD-2024-giay_khen:Nguyễn Văn Bình" \
    "XH-2024-co_thi_dua:Trần Quốc Hưng" "XH-2024-bang_khen:Lê Văn Thành" "XH-2024-giay_khen:Nguyễn Văn Bình"; do
    measure decision "$render/quyet-dinh-${pair%%:*}.pdf" --signer "${pair##*:}"
done
# As many pages as awardees (Examples/expected/awards-*.txt).
for pair in DVK-2024-bang_khen:3 DVK-2024-giay_khen:6 GUTD-2024-co_thi_dua:2 GUTD-2024-giay_khen:2 \
    XH-2024-co_thi_dua:1 XH-2024-bang_khen:2 XH-2024-giay_khen:3; do
    measure certificate "$render/giay-khen-${pair%%:*}.pdf" --pages "${pair##*:}"
done
echo "documents measured: 6 decisions, 7 certificate files"
