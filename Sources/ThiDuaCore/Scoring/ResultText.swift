/// A scoring result as plain text, one block per entry with its whole trace: what the demo
/// writes, and what golden files hold. Deterministic: the same result gives the same bytes.
extension ScoringResult {
    public var text: String {
        var lines = [
            "Phong trào: \(campaign)",
            "Bộ tiêu chí: \(criteriaSet) \(criteriaSetVersion), sha256 \(criteriaSetSHA256)",
            "Số mục: \(entries.count)",
        ]
        for e in entries {
            lines.append("")
            var head = "\(e.entry) | đơn vị \(e.unit) | khối \(e.bloc ?? "—") | tổng \(e.total?.description ?? "—")"
            head += " | xếp loại \(e.tierTitle ?? "—")"
            if !e.vetoes.isEmpty { head += " | không xét: \(e.vetoes.map(\.id).joined(separator: ", "))" }
            if !e.incomplete.isEmpty { head += " | chưa đủ điểm" }
            if !e.errors.isEmpty { head += " | lỗi" }
            lines.append(head)
            lines.append("  điểm: " + e.criteria.map { "\($0.id) \($0.points?.description ?? "—")/\($0.max.description)" }.joined(separator: ", "))
            if !e.groups.isEmpty {
                lines.append("  nhóm: " + e.groups.map { "\($0.id) \($0.points?.description ?? "—")" }.joined(separator: ", "))
            }
            lines.append("  thưởng \(e.bonus.description), trừ \(e.penalty.description)")
            for i in e.incomplete { lines.append("  chưa đủ điểm: \(i)") }
            for error in e.errors { lines.append("  lỗi: \(error.item): \(error.message)") }
            for t in e.trace {
                lines.append("  · \(t.item) = \(t.value) — \(t.rule)")
                for input in t.inputs { lines.append("      \(input)") }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
