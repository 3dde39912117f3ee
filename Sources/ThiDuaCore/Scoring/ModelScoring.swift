/// Scores the models of a campaign: jury criteria from the score log, then formulas and
/// checks, then what ``Finishing`` does.
struct ModelScoring {
    let input: ScoringInput
    let set: CriteriaSet
    let criteria: [String: Criterion]
    let blocs: BlocIndex
    /// Who may not score an entry (the set's `jury.conflicts`).
    let conflicts: ConflictOfInterest
    let jurorUnit: [String: String]
    let trace: Bool
    let shared: Finishing.Rules
    /// For each criterion code in the log, its position in the set's criteria (nil if the set has none).
    let position: [Int?]
    /// The log's criterion codes in id order, so that messages come out sorted.
    let logCriteriaById: [Int]
    /// For each juror code in the log, the unit they are affiliated with.
    let affiliation: [String?]

    init(_ input: ScoringInput, trace: Bool) {
        self.input = input
        self.trace = trace
        shared = Finishing.Rules(input.set)
        set = input.set
        var criteria: [String: Criterion] = [:]
        for c in input.set.criteria { criteria[c.id] = c }
        self.criteria = criteria
        blocs = input.blocIndex
        conflicts = ConflictOfInterest(input.set, units: input.units)
        var jurorUnit: [String: String] = [:]
        for juror in input.jurors { if let u = juror.unit { jurorUnit[juror.code] = u } }
        self.jurorUnit = jurorUnit
        let ids = input.set.criteria.map(\.id)
        position = input.scores.criteria.map { ids.firstIndex(of: $0) }
        logCriteriaById = input.scores.criteria.indices.sorted { input.scores.criteria[$0] < input.scores.criteria[$1] }
        affiliation = input.scores.jurors.map { jurorUnit[$0] }
    }

    /// The group a model's scores are normalised in (`normalize_by`), keyed and labelled as a
    /// ranking group is; "" when the set normalises over all models.
    func group(of model: Model) -> String {
        guard let keys = set.jury?.normalizeBy, !keys.isEmpty else { return "" }
        return RankingGroup.label(keys.key(bloc: blocs[model.unit], model: model))
    }

    func run() -> [EntryResult] {
        // Positions, not copies: a model is a large value and there may be a hundred thousand.
        let all = input.models
        let positions = all.indices.filter { all[$0].campaign == input.campaign.code }.sorted { all[$0].code < all[$1].code }
        let models = ModelsView(all: all, positions: positions)
        let (offsets, order) = input.scores.rowsByEntry()
        guard set.jury?.normalize == .zscore else {
            // Without normalisation each entry stands alone: one pass, nothing kept between.
            return concurrentMap(models.count) { i in
                var (result, counted) = prepare(models[i], offsets: offsets, order: order)
                finish(models[i], &result, counted, [], [])
                return result
            }
        }
        // Scores that count: valid, and not from a conflicted juror.
        let prepared = concurrentMap(models.count) { i in prepare(models[i], offsets: offsets, order: order) }

        let groups = (0..<models.count).map { group(of: models[$0]) }
        let (outcomes, guardNotes, failed) = Normalization.normalise(prepared.map(\.counted), groups: groups, criteria: set.criteria)
        return concurrentMap(models.count) { i in
            var result = prepared[i].result
            let g = groups[i]
            if let failure = failed[g] {
                // Never raw points in place of z-scores: the entry is an error and nothing is stored.
                result.errors.append(EntryError(entry: models[i].code, item: failure.criterion,
                    message: "không chuẩn hóa được điểm của \(failure.juror)\(g.isEmpty ? "" : " trong nhóm \(g)"): \(EvaluationFailure(failure.failure).description)"))
                result.total = nil
                return result
            }
            finish(models[i], &result, prepared[i].counted, outcomes[i], guardNotes[g] ?? [])
            return result
        }
    }

    private func finish(
        _ model: Model, _ result: inout EntryResult, _ counted: [[JurorScore]],
        _ normalised: [[Normalization.Outcome?]], _ notes: [Normalization.Note]
    ) {
        do throws(ArithmeticFailure) {
            try score(model, &result, counted, normalised, notes)
        } catch {
            result.errors.append(EntryError(entry: model.code, item: "tổng", message: EvaluationFailure(error).description))
            result.total = nil
        }
    }

    /// The entry's current scores, by the position of their criterion in the set, checked
    /// against the criteria, without conflicted jurors.
    func prepare(_ model: Model, offsets: [Int], order: [Int32]) -> (result: EntryResult, counted: [[JurorScore]]) {
        var counted = [[JurorScore]](repeating: [], count: set.criteria.count)
        var result = EntryResult(entry: model.code, unit: model.unit, bloc: blocs[model.unit])
        result.tracing = trace
        let log = input.scores
        guard let e = log.index(ofEntry: model.code) else { return (result, counted) }
        // The latest row of each (criterion, juror); on equal times the first written stands.
        let jurorCount = log.jurors.count
        var latest = [Int32](repeating: -1, count: log.criteria.count * jurorCount)
        for k in offsets[e]..<offsets[e + 1] {
            let i = order[k]
            let row = log.rows[Int(i)]
            let key = Int(row.criterion) * jurorCount + Int(row.juror)
            if latest[key] >= 0, !(log.rows[Int(latest[key])].time < row.time) { continue }
            latest[key] = i
        }
        var excluded: [String: [String]] = [:]
        for c in logCriteriaById {
            let base = c * jurorCount
            guard (0..<jurorCount).contains(where: { latest[base + $0] >= 0 }) else { continue }
            let criterionId = log.criteria[c]
            func scorers() -> String {
                (0..<jurorCount).filter { latest[base + $0] >= 0 }.map { log.jurors[$0] }.sorted().joined(separator: ", ")
            }
            guard let p = position[c] else {
                result.errors.append(EntryError(entry: model.code, item: criterionId,
                    message: "có điểm của \(scorers()) cho tiêu chí không có trong bộ tiêu chí \(set.id)"))
                continue
            }
            let criterion = set.criteria[p]
            guard case .jury(let step) = criterion.source else {
                result.errors.append(EntryError(entry: model.code, item: criterionId,
                    message: "tiêu chí này tính bằng công thức, không do hội đồng chấm, nhưng có điểm của \(scorers())"))
                continue
            }
            var problems: [(juror: String, message: String)] = []
            var kept: [JurorScore] = []
            kept.reserveCapacity(jurorCount)
            for j in 0..<jurorCount where latest[base + j] >= 0 {
                let s = JurorScore(juror: log.jurors[j], points: log.points(Int(latest[base + j])))
                if criterion.max < s.points {
                    problems.append((s.juror, "\(s.juror) chấm \(s.points.vietnamese), vượt điểm tối đa \(criterion.max.vietnamese)"))
                } else if !s.points.isMultiple(of: step) {
                    problems.append((s.juror, "\(s.juror) chấm \(s.points.vietnamese), không theo bước chấm \(step.vietnamese)"))
                }
                if conflicted(j, model.unit) {
                    excluded[s.juror, default: []].append(criterionId)
                } else {
                    kept.append(s)
                }
            }
            for problem in problems.sorted(by: { $0.juror < $1.juror }) {
                result.errors.append(EntryError(entry: model.code, item: criterionId, message: problem.message))
            }
            counted[p] = kept
        }
        if !excluded.isEmpty {
            let scope = set.jury?.conflicts == .unitTree ? " (hoặc đơn vị cấp trên, cấp dưới của đơn vị đó)" : ""
            result.note(TraceLine("xung đột lợi ích", "loại điểm của \(excluded.count) thành viên",
                "thành viên thuộc đơn vị có mô hình\(scope) không được tính điểm",
                excluded.sorted { $0.key < $1.key }.map { "\($0.key) (\(jurorUnit[$0.key] ?? "")): \($0.value.joined(separator: ", "))" }))
        }
        return (result, counted)
    }

    /// Whether the juror at `j` in the log may not score an entry of `unit`.
    private func conflicted(_ j: Int, _ unit: String) -> Bool {
        conflicts.excludes(jurorUnit: affiliation[j], entryUnit: unit)
    }

    private func score(
        _ model: Model, _ result: inout EntryResult, _ counted: [[JurorScore]],
        _ normalised: [[Normalization.Outcome?]], _ notes: [Normalization.Note]
    ) throws(ArithmeticFailure) {
        let finishing = Finishing(shared, entry: model.code)
        var context = EntryContext(model: model, campaign: input.campaign)
        for note in notes where note.juror.isEmpty || counted.contains(where: { $0.contains { $0.juror == note.juror } }) {
            result.note(TraceLine("chuẩn hóa", "bỏ qua", note.text))
        }
        // Jury criteria.
        var byPosition = [CriterionResult?](repeating: nil, count: set.criteria.count)
        let assumed = input.assumed[model.code] ?? [:]
        for (p, criterion) in set.criteria.enumerated() where criterion.isJury {
            if let points = assumed[criterion.id] {
                result.note(TraceLine(criterion.id, points.vietnamese, "giả định (whatif), thay cho điểm của hội đồng"))
                context.scores[criterion.id] = points
                byPosition[p] = CriterionResult(id: criterion.id, max: criterion.max, points: points, jurors: counted[p].count)
                continue
            }
            var list = counted[p]
            if let jury = set.jury, jury.normalize == .zscore {
                // The outcome of each counted score, in the list's order (none for an entry not normalised).
                let outcomes = list.indices.map { k in p < normalised.count && k < normalised[p].count ? normalised[p][k] : nil }
                result.note(TraceLine(criterion.id, "chuẩn hóa", "điểm của từng thành viên đổi sang thang z rồi về thang 0…\(criterion.max.vietnamese)",
                    zip(list, outcomes).sorted { $0.0.juror < $1.0.juror }.map { "\($0.juror) \($0.points.vietnamese): \($1?.note ?? "giữ nguyên")" }))
                list = zip(list, outcomes).map { JurorScore(juror: $0.juror, points: $1?.value ?? $0.points) }
            }
            let jury = set.jury ?? JuryRules(aggregate: .mean, minJurors: 1, normalize: .none, normalizeBy: [], conflicts: .unit)
            let combined = try JuryAggregation.combine(list, rules: jury, criterion: criterion.id, trace: trace)
            guard var points = combined.points else {
                result.incomplete.append(combined.shortfall!)
                result.note(TraceLine(criterion.id, "chưa có", combined.rule, combined.inputs))
                byPosition[p] = CriterionResult(id: criterion.id, max: criterion.max, points: nil, jurors: list.count)
                continue
            }
            result.note(TraceLine(criterion.id, points.vietnamese, combined.rule, combined.inputs))
            points = try finishing.round(points, .aggregate, criterion.id, &result)
            points = try finishing.cap(points, criterion, &result)
            points = try finishing.round(points, .criterion, criterion.id, &result)
            context.scores[criterion.id] = points
            byPosition[p] = CriterionResult(id: criterion.id, max: criterion.max, points: points, jurors: list.count)
        }
        let computed = try finishing.computeCriteria(&context, &result, assumed: assumed)
        // Criteria in file order.
        result.criteria = set.criteria.indices.compactMap { byPosition[$0] ?? computed[$0] }
        try finishing.finish(&result, context: &context)
    }
}

/// The campaign's models in code order, read in place.
private struct ModelsView: Sendable {
    let all: [Model]
    let positions: [Int]
    var count: Int { positions.count }
    subscript(i: Int) -> Model { all[positions[i]] }
    func enumerated() -> [(offset: Int, element: Model)] { (0..<count).map { ($0, self[$0]) } }
}

extension ModelScoring {
    /// The scores that count for each model of the campaign (latest row, conflicts excluded),
    /// by criterion id: what jury-agreement statistics read.
    func countedScores() -> [(model: Model, scores: [String: [JurorScore]])] {
        let (offsets, order) = input.scores.rowsByEntry()
        return input.models.filter { $0.campaign == input.campaign.code }.sorted { $0.code < $1.code }.map { model in
            let counted = prepare(model, offsets: offsets, order: order).counted
            var byId: [String: [JurorScore]] = [:]
            for (p, list) in counted.enumerated() where set.criteria[p].isJury && !list.isEmpty { byId[set.criteria[p].id] = list }
            return (model, byId)
        }
    }
}
