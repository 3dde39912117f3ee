import Yams

/// `ranking`: the groups entries are ranked in and the tie-break chain.
extension CriteriaLoader {
    mutating func readRanking(_ node: Node) -> RankingRules? {
        guard let f = reading.mapping(node, "ranking", allowed: ["group_by", "tie_break", "ties"]) else { return nil }
        var groupBy: [GroupingKey] = []
        if let g = f["group_by"], let items = reading.list(g.value, "group_by") {
            groupBy = items.compactMap { reading.choice($0, "group_by", GroupingKey.allCases) }
        }
        var tieBreak: [RankingRules.TieBreak] = []
        if let t = f["tie_break"], let items = reading.list(t.value, "tie_break") {
            for item in items {
                guard let text = reading.string(item, "tie_break") else { continue }
                let words = text.split(separator: " ").map(String.init)
                guard words.count == 2, words[1] == "asc" || words[1] == "desc" else {
                    reading.fail(item, "mỗi mục tie_break là 'khóa asc' hoặc 'khóa desc', gặp \"\(text)\"")
                    continue
                }
                guard let key = TieBreakKey(words[0], criteria: criterionIds) else {
                    reading.fail(item, "khóa tie_break không có: '\(words[0])' (có: \(RankingRules.keys.joined(separator: ", ")), score.ID)")
                    continue
                }
                if key == .total && !(tieBreak.isEmpty && words[1] == "desc") {
                    // The total, highest first, always leads the chain: anything else about it would do nothing.
                    reading.fail(item, words[1] == "asc"
                        ? "'total asc' không dùng được: xếp hạng luôn theo tổng điểm từ cao xuống thấp trước (total desc)"
                        : "'total desc' chỉ được đứng đầu tie_break: tổng điểm luôn xét trước, ở sau nó không có tác dụng")
                    continue
                }
                if tieBreak.contains(where: { $0.key == key }) {
                    reading.fail(item, "khóa tie_break '\(key)' lặp lại: lần thứ hai không có tác dụng")
                    continue
                }
                tieBreak.append(RankingRules.TieBreak(key: key, descending: words[1] == "desc"))
            }
        }
        let ties = f["ties"].flatMap { reading.choice($0.value, "ties", [RankingRules.Ties.shared, .draw]) } ?? .shared
        return RankingRules(groupBy: groupBy, tieBreak: tieBreak, ties: ties)
    }
}
