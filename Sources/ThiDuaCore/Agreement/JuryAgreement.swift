import BigInt
import Foundation

/// Whether the jury agreed: Kendall's W per ranking group, Krippendorff's alpha per criterion,
/// and each juror's distance from the panel.
///
/// Statistics, not points: they are computed in `Double` (the same inputs give the same bits),
/// from the scores that count (the latest row of each juror, entry and criterion, without
/// conflicted jurors). The figures are checked against scipy, pingouin and krippendorff by
/// `Benchmarks/peers/jury_agreement.py`.
public struct JuryAgreement: Sendable, Hashable {
    public struct Concordance: Sendable, Hashable {
        public var group: String
        /// Kendall's W with the correction for ties, 0 (no agreement) … 1 (the same order).
        public var w: Double?
        /// Jurors and entries used: the jurors who scored every entry of the group.
        public var jurors: [String]
        public var entries: Int
        /// Jurors left out because they did not score every entry, with how many they missed.
        public var leftOut: [String]
        public var chiSquare: Double?
        public var pValue: Double?
    }

    public struct Reliability: Sendable, Hashable {
        public var criterion: String
        /// Krippendorff's alpha, interval metric; nil when there is nothing to compare.
        public var alpha: Double?
        /// Entries with at least two scores, and the scores in them.
        public var units: Int
        public var values: Int
    }

    public struct JurorDistance: Sendable, Hashable {
        public var juror: String
        /// The mean of |z| over the juror's cells, z taken against the panel's mean and
        /// population standard deviation in each (entry, criterion) cell.
        public var meanAbsoluteZ: Double
        public var cells: Int
        public var strays: Bool
    }

    public var concordance: [Concordance]
    public var reliability: [Reliability]
    public var jurors: [JurorDistance]
    public var threshold: Double

    /// Computes the report for a model campaign's jury.
    public static func compute(_ input: ScoringInput, threshold: Double = 2) -> JuryAgreement {
        let set = input.set
        let counted = ModelScoring(input, trace: false).countedScores()
        let juryCriteria = set.criteria.filter(\.isJury).map(\.id)
        let blocs = input.blocIndex
        let groupBy = set.ranking?.groupBy ?? [.bloc]
        // Labelled as the ranking labels its groups.
        func label(_ m: Model) -> String { RankingGroup.label(groupBy.key(bloc: blocs[m.unit], model: m)) }

        // Kendall's W: each juror's total over the jury criteria ranks the group's entries.
        var byGroup: [String: [(entry: String, totals: [String: Double])]] = [:]
        for (model, scores) in counted {
            var totals: [String: Double] = [:]
            var complete: [String: Int] = [:]
            for c in juryCriteria {
                for s in scores[c] ?? [] {
                    totals[s.juror, default: 0] += s.points.double
                    complete[s.juror, default: 0] += 1
                }
            }
            // A juror counts for an entry only with a score on every jury criterion.
            let full = totals.filter { complete[$0.key] == juryCriteria.count }
            byGroup[label(model), default: []].append((model.code, full))
        }
        var concordance: [Concordance] = []
        for g in byGroup.keys.sorted() {
            let entries = byGroup[g]!
            let everyone = Set(entries.flatMap { $0.totals.keys }).sorted()
            let jurors = everyone.filter { j in entries.allSatisfy { $0.totals[j] != nil } }
            let leftOut = everyone.filter { !jurors.contains($0) }.map { j in
                "\(j) (thiếu \(entries.filter { $0.totals[j] == nil }.count) mục)"
            }
            let m = jurors.count
            let n = entries.count
            guard m >= 2, n >= 2 else {
                concordance.append(Concordance(group: g, w: nil, jurors: jurors, entries: n, leftOut: leftOut, chiSquare: nil, pValue: nil))
                continue
            }
            var rankSums = [Double](repeating: 0, count: n)
            var ties = 0.0
            for j in jurors {
                let (ranks, t) = averageRanks(entries.map { $0.totals[j]! })
                for i in 0..<n { rankSums[i] += ranks[i] }
                ties += t
            }
            let mean = Double(m) * Double(n + 1) / 2
            let s = rankSums.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            let denominator = Double(m * m) * (Double(n * n * n) - Double(n)) - Double(m) * ties
            let w = denominator > 0 ? 12 * s / denominator : nil
            let chi = w.map { Double(m) * Double(n - 1) * $0 }
            concordance.append(Concordance(group: g, w: w, jurors: jurors, entries: n, leftOut: leftOut, chiSquare: chi,
                pValue: chi.map { ChiSquare.survival($0, degrees: Double(n - 1)) }))
        }

        // Krippendorff's alpha (interval) per criterion, over all entries.
        var reliability: [Reliability] = []
        for c in juryCriteria {
            let units = counted.compactMap { $0.scores[c].map { $0.map(\.points) } }.filter { $0.count >= 2 }
            reliability.append(Reliability(criterion: c, alpha: krippendorffInterval(units), units: units.count,
                values: units.reduce(0) { $0 + $1.count }))
        }

        // Each juror against the panel, cell by cell.
        var sums: [String: (total: Double, cells: Int)] = [:]
        for (_, scores) in counted {
            for c in juryCriteria {
                guard let cell = scores[c], cell.count >= 2 else { continue }
                let values = cell.map(\.points.double)
                let mu = values.reduce(0, +) / Double(values.count)
                let sd = (values.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(values.count)).squareRoot()
                guard sd > 0 else { continue }
                for s in cell {
                    let z = abs(s.points.double - mu) / sd
                    sums[s.juror, default: (0, 0)].total += z
                    sums[s.juror, default: (0, 0)].cells += 1
                }
            }
        }
        let distances = sums.keys.sorted().map { j in
            let v = sums[j]!.total / Double(sums[j]!.cells)
            return JurorDistance(juror: j, meanAbsoluteZ: v, cells: sums[j]!.cells, strays: v > threshold)
        }
        return JuryAgreement(concordance: concordance, reliability: reliability, jurors: distances, threshold: threshold)
    }

    /// Average ranks (1 = lowest) and the tie term Σ(t³ − t).
    static func averageRanks(_ values: [Double]) -> (ranks: [Double], ties: Double) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var ties = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, values[order[j + 1]] == values[order[i]] { j += 1 }
            let rank = Double(i + j + 2) / 2
            for k in i...j { ranks[order[k]] = rank }
            let t = Double(j - i + 1)
            ties += t * t * t - t
            i = j + 1
        }
        return (ranks, ties)
    }

    /// Krippendorff's alpha with the interval metric, from the coincidences of the values in
    /// each unit (units with at least two values): 1 − D_o / D_e.
    ///
    /// Linear in the number of values: the squared differences of all ordered pairs of n values
    /// a are Σ(aᵢ − aⱼ)² = 2n·Σa² − 2(Σa)². The sums are exact, in integers over the values'
    /// common denominator (which cancels in the ratio); only the last divisions are `Double`.
    static func krippendorffInterval(_ units: [[Exact]]) -> Double? {
        let n = units.reduce(0) { $0 + $1.count }
        guard n > 1 else { return nil }
        // The common denominator, from the few distinct denominators there are.
        var d = BigInt(1)
        var largest: UInt128 = 0
        var denominators: Set<Int128> = []
        for u in units {
            for x in u {
                denominators.insert(x.denominator)
                largest = max(largest, x.numerator.magnitude)
            }
        }
        for q in denominators { d = d / d.greatestCommonDivisor(with: BigInt(q)) * BigInt(q) }
        // Values below 2^30 over d (bit widths with their sign bits), and fewer than 2^30 of them:
        // every sum below fits 128 bits (2n·Σa² < 2^121), so 128-bit integers are exact;
        // otherwise integers of any width.
        if BigInt(largest).bitWidth + d.bitWidth <= 31 && n < 1 << 30 {
            return interval(units, n: n, over: Int128(d))
        }
        return interval(units, n: n, over: d)
    }

    /// The alpha from the values as integers of type `Integer` over `d`, wide enough for every sum.
    private static func interval<Integer: BinaryInteger>(_ units: [[Exact]], n: Int, over d: Integer) -> Double? {
        // Σ over units of (the unit's pairs)/(its values − 1), and the sums over all values.
        var observed = 0.0
        var (total, totalSquares) = (Integer.zero, Integer.zero)
        for u in units {
            var (sum, squares) = (Integer.zero, Integer.zero)
            for x in u {
                let a = Integer(x.numerator) * (d / Integer(x.denominator))
                sum += a
                squares += a * a
            }
            observed += Double(2 * Integer(u.count) * squares - 2 * sum * sum) / Double(u.count - 1)
            total += sum
            totalSquares += squares
        }
        let expected = 2 * Integer(n) * totalSquares - 2 * total * total
        guard expected > 0 else { return nil }
        // D_o = observed / n and D_e = expected / (n(n − 1)).
        return 1 - Double(n - 1) * observed / Double(expected)
    }
}

extension Exact {
    /// The nearest `Double`, for statistics only.
    var double: Double { Double(numerator) / Double(denominator) }
}

/// The chi-square distribution's upper tail, through the regularised incomplete gamma function.
enum ChiSquare {
    static func survival(_ x: Double, degrees k: Double) -> Double {
        guard x > 0 else { return 1 }
        return upperGamma(k / 2, x / 2)
    }

    /// Q(a, x) = Γ(a, x) / Γ(a): a series below a + 1, a continued fraction above.
    static func upperGamma(_ a: Double, _ x: Double) -> Double {
        let lnGammaA = lgammaValue(a)
        if x < a + 1 {
            var sum = 1 / a
            var term = sum
            var n = a
            for _ in 0..<10_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return 1 - sum * exp(-x + a * log(x) - lnGammaA)
        }
        // Lentz's method for the continued fraction.
        var b = x + 1 - a
        var c = 1 / 1e-300
        var d = 1 / b
        var h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < 1e-300 { d = 1e-300 }
            c = b + an / c
            if abs(c) < 1e-300 { c = 1e-300 }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(-x + a * log(x) - lnGammaA) * h
    }

    static func lgammaValue(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }
}
