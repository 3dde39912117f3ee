/// The scoring engine: a criteria set and a campaign's data in, one explained result per entry out.
///
/// Pure: it reads only its ``ScoringInput``; the same input gives the same result, byte for
/// byte once written out.
///
/// ```swift
/// let result = Engine.score(ScoringInput(set: set, campaign: campaign, units: units, blocs: blocs,
///                                        models: models, jurors: jurors, scores: log))
/// result.entries.first?.total   // exact
/// ```
public enum Engine {
    /// Scores every entry. With `trace: false` the results hold every number but no trace
    /// lines, which is what ranking needs and several times faster.
    public static func score(_ input: ScoringInput, trace: Bool = true) -> ScoringResult {
        let entries: [EntryResult]
        switch input.set.subject {
        case .model: entries = ModelScoring(input, trace: trace).run()
        case .pledge: entries = PledgeScoring(input, trace: trace).run()
        case .unit: entries = UnitScoring(input, trace: trace).run()
        }
        return ScoringResult(
            campaign: input.campaign.code, criteriaSet: input.set.id, criteriaSetVersion: input.set.version,
            criteriaSetSHA256: input.set.sha256, entries: entries)
    }
}

/// What models and pledges share once the criteria have points: groups, bonus, penalty,
/// total, veto and tier.
struct Finishing {
    let rules: Rules
    let entry: String
    var set: CriteriaSet { rules.set }
    private var rounds: (aggregate: Bool, criterion: Bool, total: Bool) { rules.rounds }

    /// What every entry of a run shares, made once: a reference, so that each entry's
    /// ``Finishing`` costs one retain rather than a copy of the whole set.
    final class Rules: Sendable {
        let set: CriteriaSet
        let rounds: (aggregate: Bool, criterion: Bool, total: Bool)

        init(_ set: CriteriaSet) {
            self.set = set
            rounds = (set.rounding.contains(.aggregate), set.rounding.contains(.criterion), set.rounding.contains(.total))
        }
    }

    init(_ rules: Rules, entry: String) {
        self.rules = rules
        self.entry = entry
    }

    func fail(_ item: String, _ failure: EvaluationFailure, into result: inout EntryResult) {
        result.errors.append(EntryError(entry: entry, item: item, message: failure.description))
    }

    /// Rounds at `stage` if the set says so.
    func round(_ value: Exact, _ stage: CriteriaSet.RoundingStage, _ item: String, _ result: inout EntryResult) throws(ArithmeticFailure) -> Exact {
        let wanted = switch stage {
        case .aggregate: rounds.aggregate
        case .criterion: rounds.criterion
        case .total: rounds.total
        }
        guard wanted else { return value }
        let rounded = try value.rounded(decimals: set.decimals)
        if rounded != value {
            result.note(TraceLine(item, rounded.vietnamese, "làm tròn \(set.decimals) chữ số thập phân (round: \(stage.rawValue))", ["trước khi làm tròn \(value.vietnamese)"]))
        }
        return rounded
    }

    /// Evaluates a number rule; a failure uses the fallback if there is one.
    func number(_ e: CheckedExpression, _ item: String, fallback: Exact?, _ context: EntryContext, _ result: inout EntryResult) -> Exact? {
        do {
            return try e.number(context)
        } catch {
            if let fallback {
                result.note(TraceLine(item, fallback.vietnamese, "dùng giá trị mặc định (default) vì \(error.description)"))
                return fallback
            }
            fail(item, error, into: &result)
            return nil
        }
    }

    func bool(_ e: CheckedExpression, _ item: String, _ context: EntryContext, _ result: inout EntryResult) -> Bool? {
        do {
            return try e.bool(context)
        } catch {
            fail(item, error, into: &result)
            return nil
        }
    }

    /// Groups, bonus, penalty, total, veto and tier, once every criterion has its points.
    func finish(_ result: inout EntryResult, context: inout EntryContext) throws(ArithmeticFailure) {
        guard let base = try sumGroups(&result, &context) else { return }
        result.base = base
        context.variables[.base] = .number(base)
        try adjust(&result, &context)
        guard result.errors.isEmpty else { return }
        let total = try total(base, &result, &context)
        // Shares, for tiers and tie-breaks.
        let lowest = try result.lowestShare() ?? .one
        context.variables[.lowestShare] = .number(lowest)
        context.variables[.criteriaAtMax] = .number(Exact(result.criteriaAtMax))
        checkVetoes(&result, context)
        guard result.vetoes.isEmpty else {
            if !set.tiers.isEmpty {
                result.note(TraceLine("xếp loại", "không xếp loại", "mô hình thuộc diện không xét (veto) nên không xếp loại, không xếp hạng, không khen thưởng"))
            }
            context.variables[.tier] = .text("")
            return
        }
        guard assignTier(total, lowest: lowest, &result, context) else { return }
        context.variables[.tier] = .text(result.tier ?? "")
    }

    /// Each group's points (its criteria, capped), and the base they and the targets make;
    /// nil when a criterion has no points or an error was found.
    private func sumGroups(_ result: inout EntryResult, _ context: inout EntryContext) throws(ArithmeticFailure) -> Exact? {
        var base = Exact.zero
        var complete = result.incomplete.isEmpty && result.errors.isEmpty
        for group in set.groups {
            var sum = Exact.zero
            var known = true
            for criterion in group.criteria {
                if let p = context.scores[criterion.id] { sum = try sum.adding(p) } else { known = false }
            }
            var capped = false
            if known, let cap = group.cap, cap < sum {
                result.note(TraceLine("nhóm \(group.id)", cap.vietnamese, "giới hạn của nhóm (cap \(cap.vietnamese))", ["cộng các tiêu chí \(sum.vietnamese)"]))
                sum = cap
                capped = true
            }
            if known {
                context.subtotals[group.id] = sum
                result.note(TraceLine("nhóm \(group.id)", sum.vietnamese, "cộng điểm các tiêu chí của nhóm",
                    group.criteria.map { "\($0.id) \(context.scores[$0.id]!.vietnamese)" }))
                base = try base.adding(sum)
            } else {
                complete = false
            }
            result.groups.append(GroupResult(id: group.id, points: known ? sum : nil, capped: capped))
        }
        for target in result.targets { base = try base.adding(target.points) }
        return complete ? base : nil
    }

    /// Bonus and penalty, each under its caps.
    private func adjust(_ result: inout EntryResult, _ context: inout EntryContext) throws(ArithmeticFailure) {
        var bonuses: [RuleHit] = []
        var penalties: [RuleHit] = []
        result.bonus = try adjustments(set.bonus, cap: set.bonusCap, "điểm thưởng", &bonuses, context, &result)
        result.penalty = try adjustments(set.penalty, cap: set.penaltyCap, "điểm trừ", &penalties, context, &result)
        result.bonuses = bonuses
        result.penalties = penalties
        context.variables[.bonus] = .number(result.bonus)
        context.variables[.penalty] = .number(result.penalty)
    }

    /// Base + bonus − penalty, rounded if the set says so.
    private func total(_ base: Exact, _ result: inout EntryResult, _ context: inout EntryContext) throws(ArithmeticFailure) -> Exact {
        var total = try base.adding(result.bonus).subtracting(result.penalty)
        let (bonus, penalty) = (result.bonus, result.penalty)
        result.note(TraceLine("tổng", total.vietnamese, "tổng các nhóm + điểm thưởng − điểm trừ",
            ["các nhóm \(base.vietnamese)", "thưởng \(bonus.vietnamese)", "trừ \(penalty.vietnamese)"]))
        total = try round(total, .total, "tổng", &result)
        result.total = total
        context.variables[.total] = .number(total)
        return total
    }

    private func checkVetoes(_ result: inout EntryResult, _ context: EntryContext) {
        for veto in set.veto {
            guard let holds = bool(veto.when, veto.id, context, &result) else { continue }
            if holds {
                result.vetoes.append(RuleHit(id: veto.id, title: veto.title, points: .zero))
                result.note(TraceLine("không xét (\(veto.id))", "có", veto.title))
            }
        }
    }

    /// The first tier the total reaches whose `require` holds; false when a `require` could not
    /// be evaluated (the error is in the result).
    private func assignTier(_ total: Exact, lowest: Exact, _ result: inout EntryResult, _ context: EntryContext) -> Bool {
        for tier in set.tiers {
            if let min = tier.min, total < min { continue }
            if let require = tier.require {
                guard let holds = bool(require, "xếp loại \(tier.id)", context, &result) else { return false }
                if !holds {
                    result.note(TraceLine("xếp loại", "không phải \(tier.title)", "tổng \(total.vietnamese) đạt ngưỡng nhưng không đủ điều kiện kèm theo (require)", ["lowest_share \(lowest.vietnamese)"]))
                    continue
                }
            }
            result.tier = tier.id
            result.tierTitle = tier.title
            result.note(TraceLine("xếp loại", tier.title, tier.min.map { "tổng \(total.vietnamese) ≥ \($0.vietnamese)" } ?? "mức còn lại"))
            break
        }
        return true
    }

    private func adjustments(
        _ rules: [Adjustment], cap: Exact?, _ what: String, _ hits: inout [RuleHit], _ context: EntryContext, _ result: inout EntryResult
    ) throws(ArithmeticFailure) -> Exact {
        var sum = Exact.zero
        for rule in rules {
            if let when = rule.when {
                guard let holds = bool(when, rule.id, context, &result), holds else { continue }
            }
            guard var points = number(rule.points, rule.id, fallback: rule.fallback, context, &result) else { continue }
            if points.isNegative {
                result.errors.append(EntryError(entry: entry, item: rule.id, message: "\(what) ra số âm \(points.vietnamese)"))
                continue
            }
            var note = rule.title
            if let cap = rule.cap, cap < points {
                note += " (giới hạn \(cap.vietnamese), tính ra \(points.vietnamese))"
                points = cap
            }
            guard !points.isZero else { continue }
            hits.append(RuleHit(id: rule.id, title: rule.title, points: points))
            result.note(TraceLine("\(what) \(rule.id)", points.vietnamese, note, context.inputs(rule.points)))
            sum = try sum.adding(points)
        }
        if let cap, cap < sum {
            result.note(TraceLine(what, cap.vietnamese, "giới hạn tổng \(what) (\(cap.vietnamese))", ["cộng các quy tắc \(sum.vietnamese)"]))
            sum = cap
        }
        return sum
    }
}

extension EntryResult {
    init(entry: String, unit: String, bloc: String?) {
        self.init(entry: entry, unit: unit, bloc: bloc, criteria: [], groups: [], base: nil, bonus: .zero, penalty: .zero,
            total: nil, vetoes: [], bonuses: [], penalties: [], tier: nil, tierTitle: nil, incomplete: [], errors: [], targets: [], trace: [])
    }
}

extension Finishing {
    /// Formula and check criteria, each after those it reads.
    /// Returns the computed criteria's results by their position in the set.
    func computeCriteria(
        _ context: inout EntryContext, _ result: inout EntryResult, assumed: [String: Exact] = [:]
    ) throws(ArithmeticFailure) -> [CriterionResult?] {
        var computed = [CriterionResult?](repeating: nil, count: set.criteria.count)
        for p in set.evaluationPositions {
            let criterion = set.criteria[p]
            let id = criterion.id
            if case .jury = criterion.source { continue }
            var points: Exact?
            if let assumedPoints = assumed[id] {
                result.note(TraceLine(id, assumedPoints.vietnamese, "giả định (whatif), thay cho điểm tính theo công thức"))
                points = assumedPoints
            } else {
                context.variables[.max] = .number(criterion.max)
                if let missing = firstMissing(criterion, context) {
                    // A criterion that reads one still without points (too few jurors) waits with it.
                    result.note(TraceLine(id, "chưa có", "đọc điểm tiêu chí \(missing), tiêu chí này chưa có điểm"))
                } else if let value = evaluate(criterion, context, &result) {
                    points = try round(try cap(value, criterion, &result), .criterion, id, &result)
                }
            }
            if let points { context.scores[id] = points }
            computed[p] = CriterionResult(id: id, max: criterion.max, points: points, jurors: 0)
        }
        return computed
    }

    /// The first criterion (by id) that a computed criterion reads and that has no points yet.
    private func firstMissing(_ criterion: Criterion, _ context: EntryContext) -> String? {
        func firstMissing(_ ids: Set<String>) -> String? {
            ids.isEmpty ? nil : ids.sorted().first { context.scores[$0] == nil }
        }
        return switch criterion.source {
        case .jury: nil
        case .formula(let e): firstMissing(e.criteria)
        case .check(let when, let points): firstMissing(when.criteria) ?? points.flatMap { firstMissing($0.criteria) }
        }
    }

    /// A formula's or a check's points before the cap; nil after an error (in the result).
    private func evaluate(_ criterion: Criterion, _ context: EntryContext, _ result: inout EntryResult) -> Exact? {
        let id = criterion.id
        switch criterion.source {
        case .jury:
            return nil
        case .formula(let e):
            let value = number(e, id, fallback: criterion.fallback, context, &result)
            if let v = value { result.note(TraceLine(id, v.vietnamese, "công thức \(e.expression.shown)", context.inputs(e))) }
            return value
        case .check(let when, let points):
            do {
                let holds = try when.bool(context)
                var value = Exact.zero
                if holds { value = try points.map { p throws(EvaluationFailure) in try p.number(context) } ?? criterion.max }
                result.note(TraceLine(id, value.vietnamese, (holds ? "điều kiện đúng: " : "điều kiện sai nên 0 điểm: ") + when.expression.shown, context.inputs(when)))
                return value
            } catch {
                guard let fallback = criterion.fallback else {
                    fail(id, error, into: &result)
                    return nil
                }
                result.note(TraceLine(id, fallback.vietnamese, "dùng giá trị mặc định (default) vì \(error.description)"))
                return fallback
            }
        }
    }

    /// Keeps a criterion's points within 0…max, saying so in the trace.
    func cap(_ points: Exact, _ criterion: Criterion, _ result: inout EntryResult) throws(ArithmeticFailure) -> Exact {
        if criterion.max < points {
            result.note(TraceLine(criterion.id, criterion.max.vietnamese, "không vượt điểm tối đa \(criterion.max.vietnamese)", ["tính ra \(points.vietnamese)"]))
            return criterion.max
        }
        if points.isNegative {
            result.note(TraceLine(criterion.id, "0", "không dưới 0", ["tính ra \(points.vietnamese)"]))
            return .zero
        }
        return points
    }
}
