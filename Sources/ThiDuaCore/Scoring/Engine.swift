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
        // Groups.
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
        guard complete else { return }
        result.base = base
        context.variables[.base] = .number(base)

        var bonuses: [RuleHit] = []
        var penalties: [RuleHit] = []
        result.bonus = try adjustments(set.bonus, cap: set.bonusCap, "điểm thưởng", &bonuses, context, &result)
        result.penalty = try adjustments(set.penalty, cap: set.penaltyCap, "điểm trừ", &penalties, context, &result)
        result.bonuses = bonuses
        result.penalties = penalties
        context.variables[.bonus] = .number(result.bonus)
        context.variables[.penalty] = .number(result.penalty)
        guard result.errors.isEmpty else { return }

        var total = try base.adding(result.bonus).subtracting(result.penalty)
        let (bonus, penalty) = (result.bonus, result.penalty)
        result.note(TraceLine("tổng", total.vietnamese, "tổng các nhóm + điểm thưởng − điểm trừ",
            ["các nhóm \(base.vietnamese)", "thưởng \(bonus.vietnamese)", "trừ \(penalty.vietnamese)"]))
        total = try round(total, .total, "tổng", &result)
        result.total = total
        context.variables[.total] = .number(total)

        // Shares, for tiers and tie-breaks.
        let lowest = try result.lowestShare() ?? .one
        context.variables[.lowestShare] = .number(lowest)
        context.variables[.criteriaAtMax] = .number(Exact(result.criteriaAtMax))

        for veto in set.veto {
            guard let holds = bool(veto.when, veto.id, context, &result) else { continue }
            if holds {
                result.vetoes.append(RuleHit(id: veto.id, title: veto.title, points: .zero))
                result.note(TraceLine("không xét (\(veto.id))", "có", veto.title))
            }
        }

        guard result.vetoes.isEmpty else {
            if !set.tiers.isEmpty {
                result.note(TraceLine("xếp loại", "không xếp loại", "mô hình thuộc diện không xét (veto) nên không xếp loại, không xếp hạng, không khen thưởng"))
            }
            context.variables[.tier] = .text("")
            return
        }
        for tier in set.tiers {
            if let min = tier.min, total < min { continue }
            if let require = tier.require {
                guard let holds = bool(require, "xếp loại \(tier.id)", context, &result) else { return }
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
        context.variables[.tier] = .text(result.tier ?? "")
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
            if let points = assumed[id] {
                result.note(TraceLine(id, points.vietnamese, "giả định (whatif), thay cho điểm tính theo công thức"))
                context.scores[id] = points
                computed[p] = CriterionResult(id: id, max: criterion.max, points: points, jurors: 0)
                continue
            }
            context.variables[.max] = .number(criterion.max)
            var value: Exact?
            // A criterion that reads one still without points (too few jurors) waits with it.
            func firstMissing(_ ids: Set<String>) -> String? {
                ids.isEmpty ? nil : ids.sorted().first { context.scores[$0] == nil }
            }
            let missing: String? = switch criterion.source {
            case .jury: nil
            case .formula(let e): firstMissing(e.criteria)
            case .check(let when, let points): firstMissing(when.criteria) ?? points.flatMap { firstMissing($0.criteria) }
            }
            if let missing {
                result.note(TraceLine(id, "chưa có", "đọc điểm tiêu chí \(missing), tiêu chí này chưa có điểm"))
                computed[p] = CriterionResult(id: id, max: criterion.max, points: nil, jurors: 0)
                continue
            }
            switch criterion.source {
            case .jury: continue
            case .formula(let e):
                value = number(e, id, fallback: criterion.fallback, context, &result)
                if let v = value { result.note(TraceLine(id, v.vietnamese, "công thức \(e.expression.shown)", context.inputs(e))) }
            case .check(let when, let points):
                do {
                    let holds = try when.bool(context)
                    if holds {
                        value = try points.map { p throws(EvaluationFailure) in try p.number(context) } ?? criterion.max
                    } else {
                        value = .zero
                    }
                    result.note(TraceLine(id, value!.vietnamese, (holds ? "điều kiện đúng: " : "điều kiện sai nên 0 điểm: ") + when.expression.shown, context.inputs(when)))
                } catch {
                    if let fallback = criterion.fallback {
                        value = fallback
                        result.note(TraceLine(id, fallback.vietnamese, "dùng giá trị mặc định (default) vì \(error.description)"))
                    } else {
                        fail(id, error, into: &result)
                    }
                }
            }
            guard var points = value else {
                computed[p] = CriterionResult(id: id, max: criterion.max, points: nil, jurors: 0)
                continue
            }
            points = try cap(points, criterion, &result)
            points = try round(points, .criterion, id, &result)
            context.scores[id] = points
            computed[p] = CriterionResult(id: id, max: criterion.max, points: points, jurors: 0)
        }
        return computed
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
