/// Scores pledges: each signing unit is an entry; each target's attainment becomes points by
/// the set's `targets:` rules; then what ``Finishing`` does.
struct PledgeScoring {
    let input: ScoringInput
    let set: CriteriaSet
    let trace: Bool
    let shared: Finishing.Rules

    init(_ input: ScoringInput, trace: Bool) {
        self.input = input
        self.trace = trace
        shared = Finishing.Rules(input.set)
        set = input.set
    }

    func run() -> [EntryResult] {
        let blocs = input.blocIndex
        let pledges = input.pledges.filter { $0.campaign == input.campaign.code }.sorted { $0.code < $1.code }
        var signed: [String: Int] = [:]
        for pledge in pledges { for unit in pledge.members { signed[unit, default: 0] += 1 } }
        var results: [EntryResult] = []
        for pledge in pledges {
            for unit in pledge.members {
                // A unit that signed two pledges of the campaign has one entry for each.
                let entry = signed[unit]! > 1 ? "\(pledge.code)/\(unit)" : unit
                var result = EntryResult(entry: entry, unit: unit, bloc: blocs[unit])
                result.tracing = trace
                do throws(ArithmeticFailure) {
                    try score(pledge, unit, &result)
                } catch {
                    result.errors.append(EntryError(entry: entry, item: "tổng", message: EvaluationFailure(error).description))
                    result.total = nil
                }
                results.append(result)
            }
        }
        return results.sorted { $0.entry < $1.entry }
    }

    private func score(_ pledge: Pledge, _ unit: String, _ result: inout EntryResult) throws(ArithmeticFailure) {
        guard let rules = set.targets else { return }
        let finishing = Finishing(shared, entry: result.entry)
        let reports = pledge.reports.filter { $0.unit == unit }
        var context = EntryContext()
        context.setCampaign(input.campaign)
        context.variables[.entryUnit] = .text(unit)
        let deadline = input.campaign.reportDeadline
        func daysLate(_ day: Day) -> Int {
            guard let deadline else { return 0 }
            return max(0, day.daysSinceEpoch - deadline.daysSinceEpoch)
        }
        if let latest = reports.map(\.submittedOn).max() {
            context.variables[.reportSubmittedOn] = .date(latest)
            context.variables[.reportDaysLate] = .number(Exact(daysLate(latest)))
            if daysLate(latest) > 0 {
                result.note(TraceLine("báo cáo", "trễ \(daysLate(latest)) ngày", "gửi ngày \(latest.vietnamese), hạn \(deadline!.vietnamese)"))
            }
        }
        for target in pledge.targets {
            guard let report = reports.first(where: { $0.target == target.code }) else {
                result.incomplete.append("\(target.code): chưa có báo cáo kết quả")
                continue
            }
            let (weight, goal, actual, selfScore) = (target.weight, target.value, report.actual, report.selfScore)
            let verified = report.verifiedScore
            var targetContext = context
            targetContext.variables[.target] = .number(goal)
            targetContext.variables[.actual] = .number(actual)
            targetContext.variables[.weight] = .number(weight)
            targetContext.variables[.direction] = .text(target.direction.rawValue)
            targetContext.variables[.selfScore] = .number(selfScore)
            if let verified { targetContext.variables[.verifiedScore] = .number(verified) }
            targetContext.variables[.reportSubmittedOn] = .date(report.submittedOn)
            targetContext.variables[.reportDaysLate] = .number(Exact(daysLate(report.submittedOn)))

            guard let attainment = finishing.number(rules.attainment, target.code, fallback: rules.fallback, targetContext, &result) else { continue }
            targetContext.variables[.attainment] = .number(attainment)
            guard var computed = finishing.number(rules.points, target.code, fallback: rules.fallback, targetContext, &result) else { continue }
            let direction = target.direction == .atLeast ? "tối thiểu" : "tối đa"
            result.note(TraceLine(target.code, computed.vietnamese, "điểm theo công thức \(rules.points.expression.shown)",
                ["chỉ tiêu \(direction) \(goal.vietnamese) \(target.unitOfMeasure)", "kết quả \(actual.vietnamese)",
                 "mức đạt \(attainment.vietnamese) (\(rules.attainment.expression.shown))", "trọng số \(weight.vietnamese)"]))
            if weight < computed {
                result.note(TraceLine(target.code, weight.vietnamese, "không vượt trọng số \(weight.vietnamese)", ["tính ra \(computed.vietnamese)"]))
                computed = weight
            }
            if computed.isNegative {
                result.note(TraceLine(target.code, "0", "không dưới 0", ["tính ra \(computed.vietnamese)"]))
                computed = .zero
            }
            var points = computed
            var differences: [String] = []
            if let verified, verified != selfScore {
                differences.append("tự chấm \(selfScore.vietnamese), chấm lại \(verified.vietnamese) (chênh \(try verified.subtracting(selfScore).signed))")
            }
            switch rules.use {
            case .formula:
                let declared = verified ?? selfScore
                if declared != computed {
                    differences.append("điểm \(verified == nil ? "tự chấm" : "chấm lại") \(declared.vietnamese) khác điểm theo công thức \(computed.vietnamese) (chênh \(try declared.subtracting(computed).signed))")
                }
            case .verified:
                points = verified ?? selfScore
                if weight < points { points = weight }
                if points.isNegative { points = .zero }
                result.note(TraceLine(target.code, points.vietnamese,
                    verified == nil ? "chưa chấm lại nên dùng điểm tự chấm (use: verified)" : "dùng điểm chấm lại (use: verified)"))
            }
            if !differences.isEmpty {
                result.note(TraceLine(target.code, "chênh lệch", "so sánh điểm tự chấm, chấm lại và theo công thức", differences))
            }
            points = try finishing.round(points, .criterion, target.code, &result)
            result.targets.append(TargetResult(target: target.code, weight: weight, actual: actual, attainment: attainment,
                computed: computed, selfScore: selfScore, verifiedScore: verified, points: points))
            result.criteria.append(CriterionResult(id: target.code, max: weight, points: points, jurors: 0))
        }
        let computed = try finishing.computeCriteria(&context, &result)
        result.criteria += computed.compactMap { $0 }
        try finishing.finish(&result, context: &context)
    }
}

extension Exact {
    /// With its sign always shown: `+1,5`, `−2`.
    var signed: String {
        let text = magnitude.vietnamese
        let sign = isNegative ? "−" : "+"
        return text.hasPrefix("≈") ? "≈" + sign + text.dropFirst() : sign + text
    }
}
