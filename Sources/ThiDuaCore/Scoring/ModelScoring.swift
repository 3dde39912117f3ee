/// Scores the models of a campaign: jury criteria from the score log, then formulas and
/// checks, then what ``Finishing`` does.
struct ModelScoring {
    let input: ScoringInput
    let set: CriteriaSet
    let criteria: [String: Criterion]
    let blocOf: [String: String]
    let parentOf: [String: String]
    let jurorUnit: [String: String]
    init(_ input: ScoringInput) {
        self.input = input
        set = input.set
        var criteria: [String: Criterion] = [:]
        for c in input.set.criteria { criteria[c.id] = c }
        self.criteria = criteria
        var blocOf: [String: String] = [:]
        for bloc in input.blocs where bloc.year == input.campaign.year {
            for member in bloc.members { blocOf[member] = bloc.code }
        }
        self.blocOf = blocOf
        var parentOf: [String: String] = [:]
        for unit in input.units { if let p = unit.parent { parentOf[unit.code] = p } }
        self.parentOf = parentOf
        var jurorUnit: [String: String] = [:]
        for juror in input.jurors { if let u = juror.unit { jurorUnit[juror.code] = u } }
        self.jurorUnit = jurorUnit

    }

    /// Whether a juror of `jurorUnit` may not score an entry of `unit`.
    func conflicted(_ juror: String, _ unit: String) -> Bool {
        guard let affiliation = jurorUnit[juror] else { return false }
        if affiliation == unit { return true }
        guard set.jury?.conflicts == .unitTree else { return false }
        return isAncestor(affiliation, of: unit) || isAncestor(unit, of: affiliation)
    }

    private func isAncestor(_ a: String, of b: String) -> Bool {
        var current = parentOf[b]
        var steps = 0
        while let c = current, steps < 1000 {
            if c == a { return true }
            current = parentOf[c]
            steps += 1
        }
        return false
    }

    func group(of model: Model) -> String {
        guard let keys = set.jury?.normalizeBy else { return "" }
        return keys.map { key -> String in
            switch key {
            case .bloc: blocOf[model.unit] ?? "-"
            case .field: model.field.rawValue
            case .kind: model.holder == .collective ? "collective" : "individual"
            }
        }.joined(separator: "/")
    }

    func run() -> [EntryResult] {
        let models = input.models.filter { $0.campaign == input.campaign.code }.sorted { $0.code < $1.code }
        let (offsets, order) = input.scores.rowsByEntry()
        // Scores that count: valid, and not from a conflicted juror.
        let prepared = concurrentMap(models.count) { i in prepare(models[i], offsets: offsets, order: order) }

        var normalised: [String: [String: [String: Normalization.Outcome]]] = [:]
        var notes: [String: [Normalization.Note]] = [:]
        if set.jury?.normalize == .zscore {
            var counted: [String: [String: [JurorScore]]] = [:]
            var groupOf: [String: String] = [:]
            for (i, model) in models.enumerated() {
                counted[model.code] = prepared[i].counted
                groupOf[model.code] = group(of: model)
            }
            var maxOf: [String: Exact] = [:]
            for c in set.criteria where c.isJury { maxOf[c.id] = c.max }
            do {
                (normalised, notes) = try Normalization.normalise(counted, groupOf: { groupOf[$0] ?? "" }, maxOf: maxOf)
            } catch {
                notes[""] = [Normalization.Note(juror: "", text: "không chuẩn hóa được: số vượt quá phạm vi tính chính xác")]
            }
        }

        let (normalisedScores, guardNotes) = (normalised, notes)
        return concurrentMap(models.count) { i in
            let model = models[i]
            var result = prepared[i].result
            do throws(ArithmeticFailure) {
                try score(model, &result, prepared[i].counted, normalisedScores[model.code] ?? [:], guardNotes[group(of: model)] ?? [])
            } catch {
                result.errors.append(EntryError(entry: model.code, item: "tổng", message: EvaluationFailure(error).description))
                result.total = nil
            }
            return result
        }
    }

    /// The entry's current scores, checked against the criteria, without conflicted jurors.
    private func prepare(_ model: Model, offsets: [Int], order: [Int32]) -> (result: EntryResult, counted: [String: [JurorScore]]) {
        var logged: [String: [JurorScore]] = [:]
        if let e = input.scores.index(ofEntry: model.code) {
            for row in input.scores.current(entry: e, offsets: offsets, order: order) {
                logged[row.criterion, default: []].append(JurorScore(juror: row.juror, points: row.points))
            }
        }
        var counted: [String: [JurorScore]] = [:]
        var result = EntryResult(entry: model.code, unit: model.unit, bloc: blocOf[model.unit])
        var excluded: [String: [String]] = [:]
        for (criterionId, list) in logged.sorted(by: { $0.key < $1.key }) {
            guard let criterion = criteria[criterionId] else {
                result.errors.append(EntryError(entry: model.code, item: criterionId,
                    message: "có điểm của \(list.map(\.juror).sorted().joined(separator: ", ")) cho tiêu chí không có trong bộ tiêu chí \(set.id)"))
                continue
            }
            guard case .jury(let step) = criterion.source else {
                result.errors.append(EntryError(entry: model.code, item: criterionId,
                    message: "tiêu chí này tính bằng công thức, không do hội đồng chấm, nhưng có điểm của \(list.map(\.juror).sorted().joined(separator: ", "))"))
                continue
            }
            for s in list.sorted(by: { $0.juror < $1.juror }) {
                if criterion.max < s.points {
                    result.errors.append(EntryError(entry: model.code, item: criterionId,
                        message: "\(s.juror) chấm \(s.points.vietnamese), vượt điểm tối đa \(criterion.max.vietnamese)"))
                } else if let ratio = try? s.points.dividing(by: step), !ratio.isInteger {
                    result.errors.append(EntryError(entry: model.code, item: criterionId,
                        message: "\(s.juror) chấm \(s.points.vietnamese), không theo bước chấm \(step.vietnamese)"))
                }
            }
            var kept: [JurorScore] = []
            for s in list {
                if conflicted(s.juror, model.unit) {
                    excluded[s.juror, default: []].append(criterionId)
                } else {
                    kept.append(s)
                }
            }
            counted[criterionId] = kept
        }
        if !excluded.isEmpty {
            let scope = set.jury?.conflicts == .unitTree ? " (hoặc đơn vị cấp trên, cấp dưới của đơn vị đó)" : ""
            result.trace.append(TraceLine("xung đột lợi ích", "loại điểm của \(excluded.count) thành viên",
                "thành viên thuộc đơn vị có mô hình\(scope) không được tính điểm",
                excluded.sorted { $0.key < $1.key }.map { "\($0.key) (\(jurorUnit[$0.key] ?? "")): \($0.value.joined(separator: ", "))" }))
        }
        return (result, counted)
    }

    private func score(
        _ model: Model, _ result: inout EntryResult, _ counted: [String: [JurorScore]],
        _ normalised: [String: [String: Normalization.Outcome]], _ notes: [Normalization.Note]
    ) throws(ArithmeticFailure) {
        let finishing = Finishing(set: set, entry: model.code)
        var context = EntryContext(model: model, campaign: input.campaign)
        let scored = Set(counted.values.flatMap { $0.map(\.juror) })
        for note in notes where note.juror.isEmpty || scored.contains(note.juror) {
            result.trace.append(TraceLine("chuẩn hóa", "bỏ qua", note.text))
        }
        // Jury criteria.
        for criterion in set.criteria where criterion.isJury {
            var list = counted[criterion.id] ?? []
            if let jury = set.jury, jury.normalize == .zscore {
                let outcomes = normalised[criterion.id] ?? [:]
                result.trace.append(TraceLine(criterion.id, "chuẩn hóa", "điểm của từng thành viên đổi sang thang z rồi về thang 0…\(criterion.max.vietnamese)",
                    list.sorted { $0.juror < $1.juror }.map { "\($0.juror) \($0.points.vietnamese): \(outcomes[$0.juror]?.note ?? "giữ nguyên")" }))
                list = list.map { JurorScore(juror: $0.juror, points: outcomes[$0.juror]?.value ?? $0.points) }
            }
            let rules = set.jury ?? JuryRules(aggregate: .mean, minJurors: 1, normalize: .none, normalizeBy: [], conflicts: .unit)
            let combined = try JuryAggregation.combine(list, rules: rules, criterion: criterion.id)
            guard var points = combined.points else {
                result.incomplete.append(combined.shortfall!)
                result.trace.append(TraceLine(criterion.id, "chưa có", combined.rule, combined.inputs))
                result.criteria.append(CriterionResult(id: criterion.id, max: criterion.max, points: nil, jurors: list.count))
                continue
            }
            result.trace.append(TraceLine(criterion.id, points.vietnamese, combined.rule, combined.inputs))
            points = try finishing.round(points, .aggregate, criterion.id, &result)
            points = try finishing.cap(points, criterion, &result)
            points = try finishing.round(points, .criterion, criterion.id, &result)
            context.scores[criterion.id] = points
            result.criteria.append(CriterionResult(id: criterion.id, max: criterion.max, points: points, jurors: list.count))
        }
        let computed = try finishing.computeCriteria(criteria, &context, &result)
        // Criteria in file order.
        let jury = Dictionary(uniqueKeysWithValues: result.criteria.map { ($0.id, $0) })
        result.criteria = set.criteria.compactMap { jury[$0.id] ?? computed[$0.id] }
        try finishing.finish(&result, context: &context)
    }
}
