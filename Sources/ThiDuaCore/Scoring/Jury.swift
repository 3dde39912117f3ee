import BigInt
/// One juror's current score for one criterion of one entry.
struct JurorScore: Sendable, Hashable {
    var juror: String
    var points: Exact
}

/// Combining jurors' scores for one criterion of one entry.
enum JuryAggregation {
    /// A combined score and what made it; the trace text is written only when asked for.
    struct Combined {
        var points: Exact?
        /// Why there is no score: the quorum was not met.
        var shortfall: String?
        var sorted: [JurorScore]
        var aggregate: JuryRules.Aggregate
        var minJurors: Int
        /// For a trimmed mean: how many were dropped at each end.
        var dropped = 0

        var rule: String {
            guard shortfall == nil else { return "chưa đủ số thành viên chấm (min_jurors \(minJurors))" }
            switch aggregate {
            case .mean: return "trung bình cộng của \(sorted.count) điểm"
            case .median: return "trung vị của \(sorted.count) điểm"
            case .trimmedMean(let trim):
                var rule = "trung bình cắt: bỏ \(dropped) điểm cao nhất và \(dropped) điểm thấp nhất trong \(sorted.count) điểm, lấy trung bình \(sorted.count - 2 * dropped) điểm còn lại"
                if dropped < trim { rule += " (bộ tiêu chí định bỏ \(trim) mỗi đầu, nhưng chỉ có \(sorted.count) điểm)" }
                return rule
            }
        }

        var inputs: [String] {
            guard case .trimmedMean = aggregate, shortfall == nil, dropped > 0 else {
                return sorted.map { "\($0.juror) \($0.points.vietnamese)" }
            }
            return sorted[dropped..<(sorted.count - dropped)].map { "\($0.juror) \($0.points.vietnamese)" }
                + sorted.prefix(dropped).map { "bỏ (thấp) \($0.juror) \($0.points.vietnamese)" }
                + sorted.suffix(dropped).map { "bỏ (cao) \($0.juror) \($0.points.vietnamese)" }
        }
    }

    static func combine(_ scores: [JurorScore], rules: JuryRules, criterion: String, trace: Bool = true) throws(ArithmeticFailure) -> Combined {
        // Scores in the same steps share a small denominator (the usual case): the numbers come
        // from their numerators alone. The trace lists the scores themselves in order.
        let common = commonDenominator(scores)
        let sorted = trace || common == nil
            ? scores.sorted { $0.points < $1.points || ($0.points == $1.points && $0.juror < $1.juror) } : scores
        var combined = Combined(points: nil, shortfall: nil, sorted: sorted, aggregate: rules.aggregate, minJurors: rules.minJurors)
        guard sorted.count >= rules.minJurors else {
            combined.shortfall = "\(criterion): \(sorted.count) thành viên chấm hợp lệ, cần ít nhất \(rules.minJurors)"
            return combined
        }
        if let d = common {
            var numerators = scores.map { $0.points.numerator * (d / $0.points.denominator) }
            numerators.sort()
            return try combineNumerators(numerators, denominator: d, rules.aggregate, &combined)
        }
        switch rules.aggregate {
        case .mean:
            combined.points = try mean(sorted[...])
        case .median:
            let n = sorted.count
            combined.points = n % 2 == 1
                ? sorted[n / 2].points
                : try sorted[n / 2 - 1].points.adding(sorted[n / 2].points).dividing(by: Exact(2))
        case .trimmedMean(let trim):
            // With too few scores to drop `trim` at each end, drop as many as leave at least one.
            let k = min(trim, (sorted.count - 1) / 2)
            combined.dropped = k
            combined.points = try mean(sorted[k..<(sorted.count - k)])
        }
        return combined
    }

    /// The least common denominator of the scores when it is small (jurors score in steps such
    /// as halves, so it is 1 or 2), else nil.
    private static func commonDenominator(_ scores: [JurorScore]) -> Int128? {
        var d: Int128 = 1
        for s in scores where d % s.points.denominator != 0 {
            let g = Int128(Exact.gcd(d.magnitude, s.points.denominator.magnitude))
            d = d / g * s.points.denominator
            if d > 1_000_000 { return nil }
        }
        return d
    }

    /// The same rules over sorted numerators of one denominator: the fast path of ``combine``.
    private static func combineNumerators(
        _ n: [Int128], denominator d: Int128, _ aggregate: JuryRules.Aggregate, _ combined: inout Combined
    ) throws(ArithmeticFailure) -> Combined {
        func exact(_ numerator: Int128, _ count: Int) throws(ArithmeticFailure) -> Exact {
            let (denominator, overflow) = d.multipliedReportingOverflow(by: Int128(count))
            if overflow { throw .overflow }
            return Exact(numerator: numerator, denominator: denominator)!
        }
        func sum(_ slice: ArraySlice<Int128>) throws(ArithmeticFailure) -> Int128 {
            var total: Int128 = 0
            for x in slice {
                let (t, overflow) = total.addingReportingOverflow(x)
                if overflow { throw .overflow }
                total = t
            }
            return total
        }
        switch aggregate {
        case .mean:
            combined.points = try exact(sum(n[...]), n.count)
        case .median:
            combined.points = n.count % 2 == 1 ? try exact(n[n.count / 2], 1) : try exact(sum(n[(n.count / 2 - 1)...(n.count / 2)]), 2)
        case .trimmedMean(let trim):
            let k = min(trim, (n.count - 1) / 2)
            combined.dropped = k
            combined.points = try exact(sum(n[k..<(n.count - k)]), n.count - 2 * k)
        }
        return combined
    }

    static func mean(_ scores: ArraySlice<JurorScore>) throws(ArithmeticFailure) -> Exact {
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
/// by the same factor leaves the result exactly unchanged. Guards, noted in the trace: a juror
/// with fewer than 3 scores in the group keeps their raw scores (two points cannot make a
/// scale); a juror whose scores are all equal (σ = 0) prefers no entry, so each gets z = 0.
///
/// The ratio is taken in integers of any width (`BigInt`), so a group of any size is exact:
/// with the scores written aᵢ/D over a common denominator D, S = Σaᵢ and eᵢ = n·aᵢ − S,
/// (xᵢ − μ)²/σ² = n·eᵢ² / Σⱼ eⱼ², and z rounded half up to p places is ⌊(⌊√(4·n·eᵢ²·10^2p / Σⱼ eⱼ²)⌋ + 1) / 2⌋ / 10^p.
enum Normalization {
    static let places = 12

    struct Outcome: Sendable {
        var value: Exact
        /// The z-score, or nil when a guard kept the raw score (`kept` says which).
        var z: Exact?
        var kept: String = ""

        var note: String { z.map { "z = \($0.text(decimals: 4)) → \(value.text(decimals: 4))" } ?? "giữ điểm gốc (\(kept))" }
    }

    /// A guard that kept a juror's raw scores.
    struct Note: Sendable {
        var juror: String
        var text: String
    }

    /// What went wrong in a group: every entry of it is an error (nothing falls back to raw points).
    struct GroupFailure: Sendable {
        var juror: String
        var criterion: String
        var failure: ArithmeticFailure
    }

    /// A juror's scores on one criterion in one group of entries: what is normalised together.
    struct Cell: Hashable {
        var group: String
        /// The criterion's position in the set.
        var criterion: Int
        var juror: String
    }

    /// Where a counted score sits: the entry's position in the run and the score's in the
    /// entry's list for the cell's criterion.
    typealias Place = (entry: Int, score: Int)

    /// Normalised scores in place of the counted ones, `outcomes[entry][criterion][k]` for
    /// `counted[entry][criterion][k]` (entries by their position in the run, criteria by theirs
    /// in `criteria`); guard notes by group; and the groups where the arithmetic failed, with
    /// where. `groups[entry]` is the entry's normalisation group.
    static func normalise(
        _ counted: [[[JurorScore]]], groups: [String], criteria: [Criterion]
    ) -> (outcomes: [[[Outcome?]]], notes: [String: [Note]], failed: [String: GroupFailure]) {
        var cells: [Cell: [Place]] = [:]
        for (entry, byCriterion) in counted.enumerated() {
            for (p, list) in byCriterion.enumerated() where criteria[p].isJury {
                for (k, s) in list.enumerated() { cells[Cell(group: groups[entry], criterion: p, juror: s.juror), default: []].append((entry, k)) }
            }
        }
        var outcomes = counted.map { $0.map { [Outcome?](repeating: nil, count: $0.count) } }
        var notes: [String: [Note]] = [:]
        var failed: [String: GroupFailure] = [:]
        // By group, then criterion id, then juror: the order of the notes and of the first failure.
        let order = cells.keys.sorted {
            ($0.group, criteria[$0.criterion].id, $0.juror) < ($1.group, criteria[$1.criterion].id, $1.juror)
        }
        for cell in order where failed[cell.group] == nil {
            // In the order of the run, which is the order of the entries' codes.
            let places = cells[cell]!
            let points = places.map { counted[$0.entry][cell.criterion][$0.score].points }
            let criterion = criteria[cell.criterion]
            let label = cell.group.isEmpty ? "" : " trong nhóm \(cell.group)"
            if places.count < 3 {
                notes[cell.group, default: []].append(Note(juror: cell.juror,
                    text: "\(cell.juror), \(criterion.id)\(label): chỉ chấm \(places.count) mô hình (cần ít nhất 3), giữ điểm gốc"))
                for (place, x) in zip(places, points) {
                    outcomes[place.entry][cell.criterion][place.score] = Outcome(value: x, z: nil, kept: "ít hơn 3 mô hình")
                }
                continue
            }
            do throws(ArithmeticFailure) {
                let rescaled = try zScores(points, max: criterion.max)
                if Set(points).count == 1 {
                    // A juror who gives every entry the same score prefers none: z = 0 for all,
                    // the middle of the scale (keeping the raw score would mix two scales).
                    notes[cell.group, default: []].append(Note(juror: cell.juror,
                        text: "\(cell.juror), \(criterion.id)\(label): mọi điểm bằng nhau (độ lệch chuẩn 0), coi z = 0 cho mọi mô hình"))
                }
                for (place, outcome) in zip(places, rescaled) { outcomes[place.entry][cell.criterion][place.score] = outcome }
            } catch {
                failed[cell.group] = GroupFailure(juror: cell.juror, criterion: criterion.id, failure: error)
            }
        }
        return (outcomes, notes, failed)
    }

    /// The rescaled scores of one juror's list (at least one score), exact for any length.
    static func zScores(_ points: [Exact], max: Exact) throws(ArithmeticFailure) -> [Outcome] {
        // A common denominator D: each score is aᵢ/D with aᵢ an integer.
        var d = BigInt(1)
        for x in points {
            let q = BigInt(x.denominator)
            d = d / d.greatestCommonDivisor(with: q) * q
        }
        let a = points.map { BigInt($0.numerator) * (d / BigInt($0.denominator)) }
        let n = BigInt(points.count)
        let s = a.reduce(BigInt(0), +)
        let e = a.map { n * $0 - s }
        let q = e.reduce(BigInt(0)) { $0 + $1 * $1 }
        let middle = try max.dividing(by: Exact(2))
        guard q != 0 else { return points.map { _ in Outcome(value: middle, z: .zero) } }
        let sixth = try max.dividing(by: Exact(6))
        var scale = BigInt(1)
        for _ in 0..<places { scale *= 10 }
        let denominator = Int128(truncatingIfNeeded: scale)
        return try e.map { (ei) throws(ArithmeticFailure) -> Outcome in
            let radicand = (4 * n * ei * ei * scale * scale) / q
            let twice = radicand.magnitude.squareRoot()
            let rounded = (twice + 1) / 2
            // |z| ≤ √n, so the rounded value times 10^12 fits 128 bits for any list that fits in memory.
            guard rounded.bitWidth < 120 else { throw .overflow }
            var z = Exact(numerator: Int128(rounded), denominator: denominator)!
            if ei.signum() < 0 { z = z.negated() }
            var scaled = try middle.adding(z.multiplying(sixth))
            if scaled.isNegative { scaled = .zero }
            if max < scaled { scaled = max }
            return Outcome(value: scaled, z: z)
        }
    }
}
