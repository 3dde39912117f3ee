import Yams

/// Reads the document's structure into a ``CriteriaSet``, checking every part.
struct CriteriaLoader {
    var reading: YAMLReading
    var subject = CriteriaSet.Subject.model
    var declaredMetrics: Set<String>?
    var factTypes: [String: ValueType] = [:]
    var factsClosed = false
    var criterionIds: Set<String> = []
    var groupIds: Set<String> = []
    /// The line each group and criterion id was first used on, to report a second use.
    var groupLines: [String: Int] = [:]
    var criterionLines: [String: Int] = [:]

    init(reading: YAMLReading) {
        self.reading = reading
    }

    mutating func load(_ root: Node, sha256: String, file: String) -> CriteriaSet? {
        guard let top = reading.mapping(root, "bộ tiêu chí", allowed: CriteriaSet.topKeys) else { return nil }
        let id = reading.required(top, "id", in: root, "bộ tiêu chí").flatMap { reading.code($0, "id") }
        let version = reading.required(top, "version", in: root, "bộ tiêu chí").flatMap { reading.string($0, "version") }
        let title = reading.required(top, "title", in: root, "bộ tiêu chí").flatMap { reading.string($0, "title") }
        subject = reading.required(top, "applies_to", in: root, "bộ tiêu chí")
            .flatMap { reading.choice($0, "applies_to", CriteriaSet.Subject.allCases) } ?? .model
        let decimals = top["decimals"].flatMap { reading.integer($0.value, "decimals", in: 0...6) } ?? 2
        var rounding: Set<CriteriaSet.RoundingStage> = [.criterion]
        if let node = top["round"]?.value, let items = reading.list(node, "round") {
            rounding = Set(items.compactMap { reading.choice($0, "round", CriteriaSet.RoundingStage.allCases) })
        }
        if let node = top["inputs"]?.value { readInputs(node) }

        // Ids first, so that expressions anywhere may name any criterion or group.
        let groupNodes = top["groups"].flatMap { reading.list($0.value, "groups") } ?? []
        collectIds(groupNodes)

        let jury = section(top, "jury", of: .model, root: root, missing: nil,
            refused: "'jury' chỉ dùng khi applies_to: model (\(subject == .pledge ? "giao ước" : "xếp hạng đơn vị") không có hội đồng chấm)"
        ) { $0.readJury($1) }
        let groups = groupNodes.compactMap { readGroup($0) }
        if subject != .pledge && groupNodes.isEmpty {
            reading.fail(root, "bộ tiêu chí cho \(subject == .model ? "mô hình" : "xếp hạng đơn vị") cần 'groups' với ít nhất một nhóm tiêu chí")
        }
        let hasJuryCriteria = groups.contains { $0.criteria.contains(where: \.isJury) }
        if subject == .model && hasJuryCriteria && jury == nil && top["jury"] == nil {
            reading.fail(root, "có tiêu chí do hội đồng chấm (source: jury) nên cần khóa 'jury' (cách tổng hợp điểm)")
        }

        let targets = section(top, "targets", of: .pledge, root: root,
            missing: "bộ tiêu chí cho giao ước cần khóa 'targets' (cách tính điểm từng chỉ tiêu)",
            refused: "'targets' chỉ dùng khi applies_to: pledge") { $0.readTargets($1) }
        let unitSources = section(top, "units", of: .unit, root: root,
            missing: "bộ tiêu chí xếp hạng đơn vị cần khóa 'units' (id bộ tiêu chí của giao ước và của mô hình cùng năm)",
            refused: "'units' chỉ dùng khi applies_to: unit") { $0.readUnitSources($1) }

        var ruleIds: [String: Int] = [:]
        let bonus = readAdjustments(top["bonus"]?.value, "bonus", &ruleIds)
        let penalty = readAdjustments(top["penalty"]?.value, "penalty", &ruleIds)
        let bonusCap = top["bonus_cap"].flatMap { reading.number($0.value, "bonus_cap", atLeast: .zero) }
        let penaltyCap = top["penalty_cap"].flatMap { reading.number($0.value, "penalty_cap", atLeast: .zero) }
        let veto = readVetoes(top["veto"]?.value, &ruleIds)
        let tiers = top["tiers"].map { readTiers($0.value) } ?? []
        let ranking = top["ranking"].flatMap { readRanking($0.value) }
        let awards = top["awards"].map { readAwards($0.value) } ?? []
        let exclusive = top["exclusive"].flatMap { reading.bool($0.value, "exclusive") } ?? false

        let order = evaluationOrder(groups, groupNodes)
        guard let id, let version, let title else { return nil }
        var set = CriteriaSet(
            id: id, version: version, title: title, subject: subject, decimals: decimals, rounding: rounding,
            jury: hasJuryCriteria ? jury : nil, groups: groups, targets: targets, unitSources: unitSources, bonus: bonus, bonusCap: bonusCap,
            penalty: penalty, penaltyCap: penaltyCap, veto: veto, tiers: tiers, ranking: ranking, awards: awards,
            exclusive: exclusive, sha256: sha256, file: reading.file, evaluationOrder: order)
        set.criteria = groups.flatMap(\.criteria)
        let ids = set.criteria.map(\.id)
        set.evaluationPositions = order.compactMap { ids.firstIndex(of: $0) }
        return set
    }

    /// A section only sets of one subject have: read for them (`missing` said when they lack
    /// it), refused for the others.
    private mutating func section<Part>(
        _ top: [String: (key: Node, value: Node)], _ key: String, of wanted: CriteriaSet.Subject, root: Node, missing: String?,
        refused: String, read: (inout CriteriaLoader, Node) -> Part?
    ) -> Part? {
        guard let entry = top[key] else {
            if subject == wanted, let missing { reading.fail(root, missing) }
            return nil
        }
        guard subject == wanted else {
            reading.fail(entry.key, refused)
            return nil
        }
        return read(&self, entry.value)
    }

    // MARK: Scopes

    var entryVariables: Set<Variable> {
        var v: Set<Variable> = [.entryUnit, .campaignRegistrationDeadline, .campaignReportDeadline, .campaignScoringDeadline]
        switch subject {
        case .model: v.formUnion([.entryKind, .entryField, .entryRegisteredOn])
        case .pledge: v.formUnion([.reportSubmittedOn, .reportDaysLate])
        case .unit: v.formUnion([.pledgeTotal, .pledgeTier])
        }
        return v
    }

    func scope(_ extra: Set<Variable>, criteria: Bool = true, groups: Bool = false) -> Scope {
        Scope(variables: entryVariables.union(extra), entryData: subject == .model, declaredMetrics: declaredMetrics,
            factTypes: factTypes, factsClosed: factsClosed, criteria: criteria ? criterionIds : [],
            groups: groups ? groupIds : [], allCriteria: criterionIds)
    }
}
