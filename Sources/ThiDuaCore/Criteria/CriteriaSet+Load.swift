import Yams

extension CriteriaSet {
    static let topKeys = ["id", "version", "title", "applies_to", "decimals", "round", "inputs", "jury", "groups",
        "targets", "units", "bonus", "bonus_cap", "penalty", "penalty_cap", "veto", "tiers", "ranking", "awards", "exclusive"]

    /// Loads a criteria set from a YAML file's bytes. A wrong file is refused whole: the
    /// ``CriteriaFailure`` lists every mistake as `file:line:column: message`.
    public static func load(bytes: [UInt8], file: String) throws(CriteriaFailure) -> CriteriaSet {
        var reading: YAMLReading
        guard let source = String(validating: bytes, as: UTF8.self) else {
            throw CriteriaFailure(file: file, issues: [CriteriaIssue(file: file, line: 1, column: 1,
                message: "tệp phải là văn bản UTF-8")])
        }
        reading = YAMLReading(file: file, source: source)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: source) else {
                throw CriteriaFailure(file: file, issues: [CriteriaIssue(file: file, line: 1, column: 1, message: "tệp rỗng: cần một bộ tiêu chí")])
            }
            root = node
        } catch let failure as CriteriaFailure {
            throw failure
        } catch {
            throw CriteriaFailure(file: file, issues: [yamlIssue(error, source: source, file: file)])
        }
        var loader = Loader(reading: reading)
        let set = loader.load(root, sha256: SHA256.hex(bytes), file: file)
        guard let set, loader.reading.issues.isEmpty else {
            let sorted = loader.reading.issues.enumerated().sorted {
                ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset)
            }.map(\.element)
            throw CriteriaFailure(file: file, issues: sorted)
        }
        return set
    }

    static func yamlIssue(_ error: any Error, source: String, file: String) -> CriteriaIssue {
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            // A quoted string left open runs to the end of the file: point where it opens.
            if problem == "found unexpected end of stream", let context, context.text.contains("quoted scalar") {
                return CriteriaIssue(file: file, line: context.mark.line, column: context.mark.column,
                    message: "YAML sai cú pháp: chuỗi mở bằng dấu nháy ở đây chưa được đóng (tệp hết mà chưa gặp dấu nháy đóng)")
            }
            return CriteriaIssue(file: file, line: mark.line, column: mark.column,
                message: "YAML sai cú pháp: \(syntaxMessage(problem, context))")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams gives the first use of the key; the mistake is the second one.
            let key = duplicates.first ?? ""
            let first = context.mark
            let others = duplicates.dropFirst().map { "'\($0)'" }
            let also = others.isEmpty ? "" : "; cũng lặp lại: \(others.joined(separator: ", "))"
            if let (line, column) = secondUse(of: key, firstAt: first, in: source) {
                return CriteriaIssue(file: file, line: line, column: column,
                    message: "khóa '\(key)' viết lần thứ hai trong cùng một bảng (lần đầu ở dòng \(first.line)); mỗi khóa chỉ viết một lần\(also)")
            }
            return CriteriaIssue(file: file, line: first.line, column: first.column,
                message: "khóa '\(key)' viết nhiều lần trong cùng một bảng; mỗi khóa chỉ viết một lần\(also)")
        default:
            return CriteriaIssue(file: file, line: 1, column: 1, message: "không đọc được YAML: \(error)")
        }
    }

    /// libyaml's most common complaints, said in Vietnamese; others as libyaml says them.
    private static func syntaxMessage(_ problem: String, _ context: YamlError.Context?) -> String {
        let opened = context.map { "dòng \($0.mark.line), cột \($0.mark.column)" } ?? "trước đó"
        switch problem {
        case "mapping values are not allowed in this context":
            return "dấu ':' không đúng chỗ; có thể dòng này thụt lề lệch so với các khóa cùng cấp, "
                + "hoặc một chuỗi có ': ' chưa đặt trong dấu nháy"
        case "did not find expected ',' or ']'":
            return "danh sách mở bằng '[' ở \(opened) chưa được đóng bằng ']' (hoặc thiếu ',' giữa hai phần tử)"
        case "did not find expected ',' or '}'":
            return "bảng mở bằng '{' ở \(opened) chưa được đóng bằng '}' (hoặc thiếu ',' giữa hai khóa)"
        case "did not find expected key":
            return "cần một khóa mới thẳng hàng với các khóa của bảng bắt đầu ở \(opened); "
                + "có thể thụt lề sai, hoặc có chữ thừa sau một chuỗi đã đóng dấu nháy"
        case "did not find expected '-' indicator":
            return "thụt lề sai: cần một mục '- ' thẳng hàng với các mục của danh sách bắt đầu ở \(opened)"
        case "block sequence entries are not allowed in this context":
            return "mục danh sách '- ' không đúng chỗ; có thể thụt lề sai"
        case "found character that cannot start any token":
            return "ký tự này không mở đầu được một giá trị YAML (ví dụ '@', '`' hoặc tab); đặt giá trị trong dấu nháy kép"
        case "found a tab character that violates indentation", "found a tab character where an indentation space is expected":
            return "thụt lề bằng tab; YAML chỉ thụt lề bằng dấu cách"
        case "could not find expected ':'":
            return "thiếu ':' sau khóa bắt đầu ở \(opened)"
        default:
            return problem + (context.map { " (\($0.text), dòng \($0.mark.line), cột \($0.mark.column))" } ?? "")
        }
    }

    /// Where a key that Yams found twice is used the second time: the file composed again with
    /// its first use renamed (to a text as long, so that nothing moves), then that mapping's key.
    private static func secondUse(of key: String, firstAt first: Mark, in source: String) -> (Int, Int)? {
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        let keyScalars = Array(key.unicodeScalars)
        let start = first.column - 1
        guard first.line >= 1, first.line <= lines.count, start >= 0, start + keyScalars.count <= lines[first.line - 1].count,
            Array(lines[first.line - 1][start..<start + keyScalars.count]) == keyScalars
        else { return nil }
        let placeholder = String(repeating: "\u{E000}", count: keyScalars.count)
        lines[first.line - 1].replaceSubrange(start..<start + keyScalars.count, with: placeholder.unicodeScalars)
        let patched = lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
        guard let root = try? Yams.compose(yaml: patched) else { return nil }
        func find(_ node: Node) -> (Int, Int)? {
            switch node {
            case .mapping(let mapping):
                if mapping.keys.contains(where: { $0.scalar?.string == placeholder }),
                    let mark = mapping.keys.first(where: { $0.scalar?.string == key })?.mark {
                    return (mark.line, mark.column)
                }
                for (k, v) in mapping { if let found = find(k) ?? find(v) { return found } }
                return nil
            case .sequence(let sequence):
                for item in sequence { if let found = find(item) { return found } }
                return nil
            default:
                return nil
            }
        }
        return find(root)
    }
}

/// Reads the document's structure into a ``CriteriaSet``, checking every part.
private struct Loader {
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

        var jury: JuryRules?
        if let entry = top["jury"] {
            if subject != .model {
                reading.fail(entry.key, "'jury' chỉ dùng khi applies_to: model (\(subject == .pledge ? "giao ước" : "xếp hạng đơn vị") không có hội đồng chấm)")
            } else {
                jury = readJury(entry.value)
            }
        }
        let groups = groupNodes.compactMap { readGroup($0) }
        if subject != .pledge && groupNodes.isEmpty {
            reading.fail(root, "bộ tiêu chí cho \(subject == .model ? "mô hình" : "xếp hạng đơn vị") cần 'groups' với ít nhất một nhóm tiêu chí")
        }
        let hasJuryCriteria = groups.contains { $0.criteria.contains(where: \.isJury) }
        if subject == .model && hasJuryCriteria && jury == nil && top["jury"] == nil {
            reading.fail(root, "có tiêu chí do hội đồng chấm (source: jury) nên cần khóa 'jury' (cách tổng hợp điểm)")
        }

        var targets: TargetRules?
        if let entry = top["targets"] {
            if subject == .pledge {
                targets = readTargets(entry.value)
            } else {
                reading.fail(entry.key, "'targets' chỉ dùng khi applies_to: pledge")
            }
        } else if subject == .pledge {
            reading.fail(root, "bộ tiêu chí cho giao ước cần khóa 'targets' (cách tính điểm từng chỉ tiêu)")
        }

        var unitSources: CriteriaSet.UnitSources?
        if let entry = top["units"] {
            if subject == .unit {
                unitSources = readUnitSources(entry.value)
            } else {
                reading.fail(entry.key, "'units' chỉ dùng khi applies_to: unit")
            }
        } else if subject == .unit {
            reading.fail(root, "bộ tiêu chí xếp hạng đơn vị cần khóa 'units' (id bộ tiêu chí của giao ước và của mô hình cùng năm)")
        }

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

    // MARK: Scopes

    private var entryVariables: Set<Variable> {
        var v: Set<Variable> = [.entryUnit, .campaignRegistrationDeadline, .campaignReportDeadline, .campaignScoringDeadline]
        switch subject {
        case .model: v.formUnion([.entryKind, .entryField, .entryRegisteredOn])
        case .pledge: v.formUnion([.reportSubmittedOn, .reportDaysLate])
        case .unit: v.formUnion([.pledgeTotal, .pledgeTier])
        }
        return v
    }

    private func scope(_ extra: Set<Variable>, criteria: Bool = true, groups: Bool = false) -> Scope {
        Scope(variables: entryVariables.union(extra), entryData: subject == .model, declaredMetrics: declaredMetrics,
            factTypes: factTypes, factsClosed: factsClosed, criteria: criteria ? criterionIds : [],
            groups: groups ? groupIds : [], allCriteria: criterionIds)
    }

    // MARK: Parts

    private mutating func readInputs(_ node: Node) {
        guard let fields = reading.mapping(node, "inputs", allowed: ["metrics", "facts"]) else { return }
        if let m = fields["metrics"], let items = reading.list(m.value, "inputs.metrics") {
            declaredMetrics = Set(items.compactMap { reading.identifier($0, "inputs.metrics") })
        }
        // Facts map the user's own names to their types.
        if let f = fields["facts"]?.value {
            factsClosed = true
            guard case .mapping(let mapping) = f else {
                reading.fail(f, "'inputs.facts' phải là một bảng tên: kiểu (bool hoặc text), gặp \(reading.shown(f))")
                return
            }
            for (key, value) in mapping {
                guard let name = reading.identifier(key, "inputs.facts") else { continue }
                guard case .scalar(let s) = value, s.string == "bool" || s.string == "text" else {
                    reading.fail(value, "kiểu của dữ kiện '\(name)' phải là bool hoặc text, gặp \(reading.shown(value))")
                    continue
                }
                factTypes[name] = s.string == "bool" ? .bool : .text
            }
        }
    }

    private mutating func collectIds(_ groupNodes: [Node]) {
        for node in groupNodes {
            guard case .mapping(let group) = node else { continue }
            for (key, value) in group {
                if key.scalar?.string == "id", let id = value.scalar?.string { groupIds.insert(id) }
                if key.scalar?.string == "criteria", case .sequence(let criteria) = value {
                    for c in criteria {
                        if case .mapping(let m) = c, let id = m.first(where: { $0.key.scalar?.string == "id" })?.value.scalar?.string {
                            criterionIds.insert(id)
                        }
                    }
                }
            }
        }
    }

    private mutating func readJury(_ node: Node) -> JuryRules? {
        guard let f = reading.mapping(node, "jury", allowed: ["aggregate", "trim", "min_jurors", "normalize", "normalize_by", "conflicts"])
        else { return nil }
        var aggregate = JuryRules.Aggregate.mean
        let name = f["aggregate"].flatMap { n -> String? in
            reading.choice(n.value, "aggregate", AggregateName.allCases).map(\.rawValue)
        } ?? "mean"
        switch name {
        case "median": aggregate = .median
        case "trimmed_mean":
            let trim = f["trim"].flatMap { reading.integer($0.value, "trim", in: 1...10) } ?? 1
            aggregate = .trimmedMean(trim: trim)
        default:
            aggregate = name == "mean" ? .mean : .mean
        }
        if name != "trimmed_mean", let trim = f["trim"] {
            reading.fail(trim.key, "'trim' chỉ dùng với aggregate: trimmed_mean")
        }
        let minJurors = f["min_jurors"].flatMap { reading.integer($0.value, "min_jurors", in: 1...1000) } ?? 1
        let normalize = f["normalize"].flatMap { reading.choice($0.value, "normalize", [JuryRules.Normalization.none, .zscore]) } ?? JuryRules.Normalization.none
        var normalizeBy: [GroupingKey] = [.bloc]
        if let n = f["normalize_by"], let items = reading.list(n.value, "normalize_by") {
            normalizeBy = items.compactMap { reading.choice($0, "normalize_by", GroupingKey.allCases) }
            if normalize == .none { reading.fail(n.key, "'normalize_by' chỉ dùng với normalize: zscore") }
        }
        let conflicts = f["conflicts"].flatMap { reading.choice($0.value, "conflicts", [JuryRules.Conflicts.unit, .unitTree]) } ?? .unit
        return JuryRules(aggregate: aggregate, minJurors: minJurors, normalize: normalize, normalizeBy: normalizeBy, conflicts: conflicts)
    }

    private enum AggregateName: String, CaseIterable {
        case mean, median
        case trimmedMean = "trimmed_mean"
    }

    private mutating func readGroup(_ node: Node) -> CriterionGroup? {
        guard let f = reading.mapping(node, "nhóm tiêu chí", allowed: ["id", "title", "cap", "criteria"]) else { return nil }
        let id = reading.required(f, "id", in: node, "nhóm tiêu chí").flatMap { reading.identifier($0) }
        if let id { reading.unique(id, at: f["id"]?.value, &groupLines, "id nhóm tiêu chí") }
        let title = reading.required(f, "title", in: node, "nhóm tiêu chí").flatMap { reading.string($0, "title") }
        let cap = f["cap"].flatMap { reading.number($0.value, "cap", atLeast: .zero) }
        var criteria: [Criterion] = []
        if let list = reading.required(f, "criteria", in: node, "nhóm tiêu chí").flatMap({ reading.list($0, "criteria") }) {
            if list.isEmpty { reading.fail(f["criteria"]?.value, "nhóm '\(id ?? "")' cần ít nhất một tiêu chí") }
            criteria = list.compactMap { readCriterion($0) }
        }
        guard let id, let title else { return nil }
        return CriterionGroup(id: id, title: title, cap: cap, criteria: criteria)
    }

    private mutating func readCriterion(_ node: Node) -> Criterion? {
        guard let f = reading.mapping(node, "tiêu chí", allowed: ["id", "title", "max", "source", "step", "formula", "when", "points", "default"])
        else { return nil }
        let id = reading.required(f, "id", in: node, "tiêu chí").flatMap { reading.identifier($0) }
        if let id {
            reading.unique(id, at: f["id"]?.value, &criterionLines, "id tiêu chí", " (mỗi tiêu chí một id riêng trong cả bộ)")
        }
        let title = reading.required(f, "title", in: node, "tiêu chí").flatMap { reading.string($0, "title") }
        let max = reading.required(f, "max", in: node, "tiêu chí").flatMap { reading.number($0, "max", above: .zero) }
        let sourceName = reading.required(f, "source", in: node, "tiêu chí").flatMap { reading.choice($0, "source", SourceName.allCases) }
        let fallback = f["default"].flatMap { reading.number($0.value, "default", atLeast: .zero) }
        let own = scope([.max])
        var source: Criterion.Source?
        let keysBySource: [SourceName: [String]] = [.jury: ["step"], .formula: ["formula"], .check: ["when", "points"]]
        if let sourceName {
            for (other, keys) in keysBySource where other != sourceName {
                for key in keys { if let entry = f[key] {
                    reading.fail(entry.key, "khóa '\(key)' chỉ dùng với source: \(other.rawValue), tiêu chí này là source: \(sourceName.rawValue)")
                } }
            }
            switch sourceName {
            case .jury:
                if subject != .model {
                    reading.fail(f["source"]?.value, "bộ tiêu chí cho \(subject == .pledge ? "giao ước" : "xếp hạng đơn vị") không có hội đồng chấm: tiêu chí '\(id ?? "")' không dùng được source: jury")
                }
                let step = f["step"].flatMap { reading.number($0.value, "step", above: .zero) } ?? Exact(numerator: 1, denominator: 2)!
                if let max, let ratio = try? max.dividing(by: step), !ratio.isInteger {
                    if let stepNode = f["step"]?.value {
                        reading.fail(stepNode, "max \(max.vietnamese) không chia hết cho bước chấm \(step.vietnamese)")
                    } else {
                        reading.fail(f["max"]?.value, "max \(max.vietnamese) không chia hết cho bước chấm mặc định \(step.vietnamese); chọn max khác hoặc đặt 'step'")
                    }
                }
                if let d = f["default"] { reading.fail(d.key, "'default' không dùng với source: jury (thiếu điểm thì mô hình chưa đủ điểm, không thay bằng số khác)") }
                source = .jury(step: step)
            case .formula:
                if let e = reading.required(f, "formula", in: node, "tiêu chí source: formula")
                    .flatMap({ reading.expression($0, "formula", scope: own, expecting: .number) }) {
                    source = .formula(e)
                }
            case .check:
                let when = reading.required(f, "when", in: node, "tiêu chí source: check")
                    .flatMap { reading.expression($0, "when", scope: own, expecting: .bool) }
                let points = f["points"].flatMap { reading.expression($0.value, "points", scope: own, expecting: .number) }
                if let when { source = .check(when: when, points: points) }
            }
        }
        guard let id, let title, let max, let source else { return nil }
        return Criterion(id: id, title: title, max: max, source: source, fallback: fallback)
    }

    private enum SourceName: String, CaseIterable {
        case jury, formula, check
    }

    private mutating func readUnitSources(_ node: Node) -> CriteriaSet.UnitSources? {
        guard let f = reading.mapping(node, "units", allowed: ["pledge", "models"]) else { return nil }
        let pledge = f["pledge"].flatMap { reading.code($0.value, "pledge") }
        let models = f["models"].flatMap { reading.code($0.value, "models") }
        if f["pledge"] == nil && f["models"] == nil {
            reading.fail(node, "'units' cần ít nhất một trong 'pledge' và 'models'")
        }
        return CriteriaSet.UnitSources(pledge: pledge, models: models)
    }

    private mutating func readTargets(_ node: Node) -> TargetRules? {
        guard let f = reading.mapping(node, "targets", allowed: ["attainment", "points", "use", "default"]) else { return nil }
        let base: Set<Variable> = [.target, .actual, .weight, .direction, .selfScore, .verifiedScore]
        let attainment = reading.required(f, "attainment", in: node, "targets")
            .flatMap { reading.expression($0, "attainment", scope: scope(base, criteria: false), expecting: .number) }
        let points = reading.required(f, "points", in: node, "targets")
            .flatMap { reading.expression($0, "points", scope: scope(base.union([.attainment]), criteria: false), expecting: .number) }
        let use = f["use"].flatMap { reading.choice($0.value, "use", [TargetRules.Use.formula, .verified]) } ?? .formula
        let fallback = f["default"].flatMap { reading.number($0.value, "default", atLeast: .zero) }
        guard let attainment, let points else { return nil }
        return TargetRules(attainment: attainment, points: points, use: use, fallback: fallback)
    }

    private mutating func readAdjustments(_ node: Node?, _ key: String, _ ids: inout [String: Int]) -> [Adjustment] {
        guard let node, let items = reading.list(node, key) else { return [] }
        let s = scope([.base], groups: true)
        return items.compactMap { item -> Adjustment? in
            guard let f = reading.mapping(item, key, allowed: ["id", "title", "when", "points", "cap", "default"]) else { return nil }
            let id = reading.required(f, "id", in: item, key).flatMap { reading.identifier($0) }
            if let id { reading.unique(id, at: f["id"]?.value, &ids, "id quy tắc", " (bonus, penalty và veto dùng chung một bộ id)") }
            let title = reading.required(f, "title", in: item, key).flatMap { reading.string($0, "title") }
            let when = f["when"].flatMap { reading.expression($0.value, "when", scope: s, expecting: .bool) }
            let points = reading.required(f, "points", in: item, key).flatMap { reading.expression($0, "points", scope: s, expecting: .number) }
            let cap = f["cap"].flatMap { reading.number($0.value, "cap", atLeast: .zero) }
            let fallback = f["default"].flatMap { reading.number($0.value, "default", atLeast: .zero) }
            guard let id, let title, let points else { return nil }
            return Adjustment(id: id, title: title, when: when, points: points, cap: cap, fallback: fallback)
        }
    }

    private mutating func readVetoes(_ node: Node?, _ ids: inout [String: Int]) -> [Veto] {
        guard let node, let items = reading.list(node, "veto") else { return [] }
        let s = scope([.base, .bonus, .penalty, .total], groups: true)
        return items.compactMap { item -> Veto? in
            guard let f = reading.mapping(item, "veto", allowed: ["id", "title", "when"]) else { return nil }
            let id = reading.required(f, "id", in: item, "veto").flatMap { reading.identifier($0) }
            if let id { reading.unique(id, at: f["id"]?.value, &ids, "id quy tắc", " (bonus, penalty và veto dùng chung một bộ id)") }
            let title = reading.required(f, "title", in: item, "veto").flatMap { reading.string($0, "title") }
            let when = reading.required(f, "when", in: item, "veto").flatMap { reading.expression($0, "when", scope: s, expecting: .bool) }
            guard let id, let title, let when else { return nil }
            return Veto(id: id, title: title, when: when)
        }
    }

    private mutating func readTiers(_ node: Node) -> [Tier] {
        guard let items = reading.list(node, "tiers") else { return [] }
        let s = scope([.base, .bonus, .penalty, .total, .lowestShare, .criteriaAtMax], groups: true)
        var tiers: [Tier] = []
        var ids: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            guard let f = reading.mapping(item, "tiers", allowed: ["id", "title", "min", "require"]) else { continue }
            let id = reading.required(f, "id", in: item, "xếp loại").flatMap { reading.identifier($0) }
            if let id { reading.unique(id, at: f["id"]?.value, &ids, "id xếp loại") }
            let title = reading.required(f, "title", in: item, "xếp loại").flatMap { reading.string($0, "title") }
            let min = f["min"].flatMap { reading.number($0.value, "min", atLeast: .zero) }
            let require = f["require"].flatMap { reading.expression($0.value, "require", scope: s, expecting: .bool) }
            if f["min"] == nil && index < items.count - 1 {
                reading.fail(item, "chỉ xếp loại cuối cùng được bỏ 'min'; xếp loại '\(id ?? "")' cần 'min'")
            }
            if let min, let previous = tiers.last?.min, !(min < previous) {
                reading.fail(f["min"]?.value, "ngưỡng xếp loại phải giảm dần: '\(id ?? "")' có min \(min.vietnamese), không nhỏ hơn \(previous.vietnamese) của '\(tiers.last!.id)'")
            }
            if let id, let title { tiers.append(Tier(id: id, title: title, min: min, require: require)) }
        }
        return tiers
    }

    private mutating func readRanking(_ node: Node) -> RankingRules? {
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
                let key = words[0]
                let known = RankingRules.keys.contains(key) || (key.hasPrefix("score.") && criterionIds.contains(String(key.dropFirst(6))))
                guard known else {
                    reading.fail(item, "khóa tie_break không có: '\(key)' (có: \(RankingRules.keys.joined(separator: ", ")), score.ID)")
                    continue
                }
                if key == "total" && !(tieBreak.isEmpty && words[1] == "desc") {
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

    private mutating func readAwards(_ node: Node) -> [AwardForm] {
        guard let items = reading.list(node, "awards") else { return [] }
        let s = scope([.base, .bonus, .penalty, .total, .lowestShare, .criteriaAtMax, .tier, .previousTier], groups: true)
        var ids: [String: Int] = [:]
        // Forms are taken by precedence: two with the same one would silently fall back to file order.
        var precedences: [Int: (id: String, line: Int)] = [:]
        return items.enumerated().compactMap { index, item -> AwardForm? in
            let keys = ["id", "title", "authority", "precedence", "eligible", "per_group", "quota", "quota_of", "rounding", "cap_per_bloc", "at_boundary", "cap_order"]
            guard let f = reading.mapping(item, "awards", allowed: keys) else { return nil }
            let id = reading.required(f, "id", in: item, "hình thức khen thưởng").flatMap { reading.identifier($0) }
            if let id { reading.unique(id, at: f["id"]?.value, &ids, "id hình thức khen thưởng") }
            let title = reading.required(f, "title", in: item, "hình thức khen thưởng").flatMap { reading.string($0, "title") }
            let authority = reading.required(f, "authority", in: item, "hình thức khen thưởng").flatMap { reading.string($0, "authority") }
            let precedence = f["precedence"].flatMap { reading.integer($0.value, "precedence", in: 1...1000) } ?? index + 1
            let formName = f["id"]?.value.scalar?.string ?? "#\(index + 1)"
            if let other = precedences[precedence] {
                reading.fail(f["precedence"]?.value ?? item,
                    "hai hình thức khen thưởng cùng precedence \(precedence): '\(other.id)' (dòng \(other.line)) và '\(formName)'"
                    + (f["precedence"] == nil ? " (mặc định là thứ tự trong tệp)" : "") + "; mỗi hình thức cần một precedence riêng")
            } else {
                precedences[precedence] = (formName, (f["precedence"]?.value ?? item).mark?.line ?? 1)
            }
            let eligible = reading.required(f, "eligible", in: item, "hình thức khen thưởng")
                .flatMap { reading.expression($0, "eligible", scope: s, expecting: .bool) }
            let perGroup = f["per_group"].flatMap { reading.integer($0.value, "per_group", in: 1...Int.max) }
            var quota: AwardForm.Quota?
            if let q = f["quota"]?.value {
                if case .scalar(let s) = q, s.string.hasSuffix("%") {
                    if let p = Exact(s.string.dropLast().trimmingSpaces) {
                        if p > Exact(100) || p <= .zero {
                            reading.fail(q, "quota theo phần trăm phải lớn hơn 0% và không quá 100%, gặp \(s.string)")
                        } else {
                            quota = .percent(p)
                        }
                    } else {
                        reading.fail(q, "'quota' phải là số lượng (ví dụ 3) hoặc phần trăm (ví dụ 15%), gặp \(reading.shown(q))")
                    }
                } else if let n = reading.integer(q, "quota", in: 1...Int.max) {
                    quota = .count(n)
                }
            }
            let quotaOf = f["quota_of"].flatMap { reading.choice($0.value, "quota_of", [AwardForm.QuotaBase.eligible, .all]) } ?? .eligible
            let rounding = f["rounding"].flatMap { reading.choice($0.value, "rounding", [AwardForm.Rounding.down, .nearest, .up]) } ?? .down
            let capPerBloc = f["cap_per_bloc"].flatMap { reading.integer($0.value, "cap_per_bloc", in: 1...Int.max) }
            let atBoundary = f["at_boundary"].flatMap { reading.choice($0.value, "at_boundary", [AwardForm.Boundary.all, .none, .draw]) } ?? .all
            var capOrder: [String] = []
            if let c = f["cap_order"], let items = reading.list(c.value, "cap_order") {
                capOrder = items.compactMap { reading.string($0, "cap_order") }
                if capPerBloc == nil { reading.fail(c.key, "'cap_order' chỉ dùng với cap_per_bloc") }
                if Set(capOrder).count < capOrder.count { reading.fail(c.value, "'cap_order' có nhóm bị nêu hai lần") }
            }
            guard let id, let title, let authority, let eligible else { return nil }
            return AwardForm(id: id, title: title, authority: authority, precedence: precedence, eligible: eligible,
                perGroup: perGroup, quota: quota, quotaOf: quotaOf, rounding: rounding, capPerBloc: capPerBloc, atBoundary: atBoundary,
                capOrder: capOrder)
        }
    }

    // MARK: Order

    /// Orders formula and check criteria so that each follows those it reads; reports cycles.
    private mutating func evaluationOrder(_ groups: [CriterionGroup], _ groupNodes: [Node]) -> [String] {
        var reads: [String: Set<String>] = [:]
        var computed: [String] = []
        for criterion in groups.flatMap(\.criteria) {
            switch criterion.source {
            case .jury: continue
            case .formula(let e): reads[criterion.id] = e.criteria
            case .check(let when, let points): reads[criterion.id] = when.criteria.union(points?.criteria ?? [])
            }
            computed.append(criterion.id)
        }
        var order: [String] = []
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var reported: Set<String> = []
        func visit(_ id: String, _ path: [String], _ loader: inout Loader) {
            guard reads[id] != nil else { return }  // jury criteria read nothing
            if state[id] == 2 { return }
            if state[id] == 1 {
                let cycle = path.drop(while: { $0 != id }) + [id]
                if reported.insert(Set(cycle).sorted().joined(separator: ",")).inserted {
                    loader.reading.fail(loader.criterionNode(id, groupNodes),
                        "vòng lặp giữa các công thức: \(cycle.joined(separator: " → ")) (điểm của một tiêu chí không được phụ thuộc vào chính nó)")
                }
                return
            }
            state[id] = 1
            for dependency in (reads[id] ?? []).sorted() { visit(dependency, path + [id], &loader) }
            state[id] = 2
            order.append(id)
        }
        for id in computed { visit(id, [], &self) }
        return order
    }

    private func criterionNode(_ id: String, _ groupNodes: [Node]) -> Node? {
        for group in groupNodes {
            guard case .mapping(let g) = group, case .sequence(let criteria)? = g.first(where: { $0.key.scalar?.string == "criteria" })?.value
            else { continue }
            for c in criteria {
                if case .mapping(let m) = c, m.first(where: { $0.key.scalar?.string == "id" })?.value.scalar?.string == id {
                    return m.first(where: { ["formula", "when"].contains($0.key.scalar?.string ?? "") })?.value ?? c
                }
            }
        }
        return nil
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
