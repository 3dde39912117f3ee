/// One juror's current score for one criterion of one entry.
struct JurorScore: Sendable, Hashable {
    var juror: String
    var points: Exact
}

/// Combining jurors' scores for one criterion of one entry.
enum JuryAggregation {
    /// The combined score and the trace of how it was made, or nil with the reason when the
    /// quorum is not met.
    static func combine(
        _ scores: [JurorScore], rules: JuryRules, criterion: String
    ) throws(ArithmeticFailure) -> (points: Exact?, rule: String, inputs: [String], shortfall: String?) {
        let sorted = scores.sorted { $0.points < $1.points || ($0.points == $1.points && $0.juror < $1.juror) }
        let shown = sorted.map { "\($0.juror) \($0.points.vietnamese)" }
        guard sorted.count >= rules.minJurors else {
            let reason = "\(criterion): \(sorted.count) thành viên chấm hợp lệ, cần ít nhất \(rules.minJurors)"
            return (nil, "chưa đủ số thành viên chấm (min_jurors \(rules.minJurors))", shown, reason)
        }
        switch rules.aggregate {
        case .mean:
            return (try mean(sorted), "trung bình cộng của \(sorted.count) điểm", shown, nil)
        case .median:
            let n = sorted.count
            let middle = n % 2 == 1
                ? sorted[n / 2].points
                : try sorted[n / 2 - 1].points.adding(sorted[n / 2].points).dividing(by: Exact(2))
            return (middle, "trung vị của \(n) điểm", shown, nil)
        case .trimmedMean(let trim):
            // With too few scores to drop `trim` at each end, drop as many as leave at least one.
            let k = min(trim, (sorted.count - 1) / 2)
            let kept = Array(sorted[k..<(sorted.count - k)])
            var rule = "trung bình cắt: bỏ \(k) điểm cao nhất và \(k) điểm thấp nhất trong \(sorted.count) điểm, lấy trung bình \(kept.count) điểm còn lại"
            if k < trim { rule += " (bộ tiêu chí định bỏ \(trim) mỗi đầu, nhưng chỉ có \(sorted.count) điểm)" }
            var inputs = kept.map { "\($0.juror) \($0.points.vietnamese)" }
            if k > 0 {
                inputs += sorted.prefix(k).map { "bỏ (thấp) \($0.juror) \($0.points.vietnamese)" }
                inputs += sorted.suffix(k).map { "bỏ (cao) \($0.juror) \($0.points.vietnamese)" }
            }
            return (try mean(kept), rule, inputs, nil)
        }
    }

    static func mean(_ scores: [JurorScore]) throws(ArithmeticFailure) -> Exact {
        var sum = Exact.zero
        for s in scores { sum = try sum.adding(s.points) }
        return try sum.dividing(by: Exact(scores.count))
    }
}

/// Z-score normalisation of each juror's scores within a group of entries.
///
/// For juror j and criterion c in a group, with the juror's mean μ and population variance σ²
/// over the entries they scored there, a score x becomes z = sign(x − μ)·√((x − μ)²/σ²), rounded
/// half up to 12 places, and is rescaled to the criterion's scale as max/2 + z·max/6, capped to
/// 0…max. z is computed from the exact ratio (x − μ)²/σ², so multiplying all of a juror's scores
/// by the same factor leaves the result exactly unchanged. Guards: a juror with fewer than 3
/// scores in the group, or whose scores are all equal (σ = 0), keeps their raw scores; the trace
/// says which.
enum Normalization {
    static let places = 12

    struct Outcome: Sendable {
        var value: Exact
        var note: String
    }

    /// A guard that kept a juror's raw scores.
    struct Note: Sendable {
        var juror: String
        var text: String
    }

    /// Normalised scores keyed by entry, then criterion, then juror; plus guard notes by group.
    static func normalise(
        _ scores: [String: [String: [JurorScore]]], groupOf: (String) -> String, maxOf: [String: Exact]
    ) throws(ArithmeticFailure) -> (values: [String: [String: [String: Outcome]]], notes: [String: [Note]]) {
        // group → criterion → juror → [(entry, points)]
        var cells: [String: [String: [String: [(String, Exact)]]]] = [:]
        for (entry, byCriterion) in scores {
            let g = groupOf(entry)
            for (criterion, list) in byCriterion {
                for s in list { cells[g, default: [:]][criterion, default: [:]][s.juror, default: []].append((entry, s.points)) }
            }
        }
        var values: [String: [String: [String: Outcome]]] = [:]
        var notes: [String: [Note]] = [:]
        for g in cells.keys.sorted() {
            for criterion in cells[g]!.keys.sorted() {
                guard let max = maxOf[criterion] else { continue }
                for juror in cells[g]![criterion]!.keys.sorted() {
                    let list = cells[g]![criterion]![juror]!
                    let label = g.isEmpty ? "" : " trong nhóm \(g)"
                    if list.count < 3 {
                        notes[g, default: []].append(Note(juror: juror, text: "\(juror), \(criterion)\(label): chỉ chấm \(list.count) mô hình (cần ít nhất 3), giữ điểm gốc"))
                        for (entry, x) in list { values[entry, default: [:]][criterion, default: [:]][juror] = Outcome(value: x, note: "giữ điểm gốc (ít hơn 3 mô hình)") }
                        continue
                    }
                    var sum = Exact.zero
                    for (_, x) in list { sum = try sum.adding(x) }
                    let mu = try sum.dividing(by: Exact(list.count))
                    var squares = Exact.zero
                    for (_, x) in list {
                        let d = try x.subtracting(mu)
                        squares = try squares.adding(d.multiplying(d))
                    }
                    let variance = try squares.dividing(by: Exact(list.count))
                    if variance.isZero {
                        notes[g, default: []].append(Note(juror: juror, text: "\(juror), \(criterion)\(label): mọi điểm bằng nhau (độ lệch chuẩn 0), giữ điểm gốc"))
                        for (entry, x) in list { values[entry, default: [:]][criterion, default: [:]][juror] = Outcome(value: x, note: "giữ điểm gốc (độ lệch chuẩn 0)") }
                        continue
                    }
                    let half = try max.dividing(by: Exact(2))
                    let sixth = try max.dividing(by: Exact(6))
                    for (entry, x) in list {
                        let d = try x.subtracting(mu)
                        var z = try d.multiplying(d).dividing(by: variance).squareRoot(decimals: places)
                        if d.isNegative { z = z.negated() }
                        var scaled = try half.adding(z.multiplying(sixth))
                        if scaled.isNegative { scaled = .zero }
                        if max < scaled { scaled = max }
                        values[entry, default: [:]][criterion, default: [:]][juror] = Outcome(
                            value: scaled, note: "z = \(z.text(decimals: 4)) → \(scaled.text(decimals: 4))")
                    }
                }
            }
        }
        return (values, notes)
    }
}
