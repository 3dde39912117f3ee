import Yams

/// A campaign's award configuration (cấu hình khen thưởng): for each award form of its criteria
/// set, the decision that confers it (quyết định khen thưởng) and what its certificates print.
/// Read from a YAML file; a wrong file is refused whole with every mistake and its line.
///
/// ```yaml
/// campaign: DVK-2024
/// decisions:
///   - award: giay_khen
///     issuing_body: ỦY BAN NHÂN DÂN THỊ XÃ PHÚ LÂM
///     number: 1520/QĐ-UBND
///     date: 20/12/2024
///     ...
/// ```
public struct AwardDecisions: Sendable, Hashable {
    public var campaign: String
    public var file: String
    public var decisions: [AwardDecision]

    /// The decision for an award form, if configured.
    public func decision(for award: String) -> AwardDecision? {
        decisions.first { $0.award == award }
    }

    static let topKeys = ["campaign", "decisions"]
    static let decisionKeys = ["award", "format", "parent_body", "issuing_body", "number", "date", "place", "subject", "authority",
        "legal_bases", "achievement", "entry_achievement", "articles", "recipients", "archive", "signer", "register_first", "register_format"]
    static let signerKeys = ["capacity", "title", "name"]

    /// Reads a configuration from a YAML file's bytes.
    public static func load(bytes: [UInt8], file: String) throws(CriteriaFailure) -> AwardDecisions {
        guard let source = String(validating: bytes, as: UTF8.self) else {
            throw CriteriaFailure(file: file, issues: [CriteriaIssue(file: file, line: 1, column: 1, message: "tệp phải là văn bản UTF-8")])
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: source) else {
                throw CriteriaFailure(file: file, issues: [CriteriaIssue(file: file, line: 1, column: 1,
                    message: "tệp rỗng: cần cấu hình khen thưởng (campaign, decisions)")])
            }
            root = node
        } catch let failure as CriteriaFailure {
            throw failure
        } catch {
            throw CriteriaFailure(file: file, issues: [CriteriaSet.yamlIssue(error, source: source, file: file)])
        }
        var r = YAMLReading(file: file, source: source)
        let result = read(root, &r, file: file)
        guard let result, r.issues.isEmpty else {
            throw CriteriaFailure(file: file, issues: r.issues.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
        }
        return result
    }

    private static func read(_ root: Node, _ r: inout YAMLReading, file: String) -> AwardDecisions? {
        guard let top = r.mapping(root, "cấu hình khen thưởng", allowed: topKeys) else { return nil }
        let campaign = r.required(top, "campaign", in: root, "cấu hình khen thưởng").flatMap { r.code($0, "campaign") }
        var decisions: [AwardDecision] = []
        var seen: [String: Int] = [:]
        if let list = r.required(top, "decisions", in: root, "cấu hình khen thưởng").flatMap({ r.list($0, "decisions") }) {
            if list.isEmpty { r.fail(top["decisions"]?.value, "'decisions' cần ít nhất một quyết định") }
            for node in list {
                guard let d = decision(node, &r) else { continue }
                r.unique(d.award, at: node, &seen, "hình thức khen thưởng", " (mỗi hình thức một quyết định)")
                decisions.append(d)
            }
        }
        guard let campaign else { return nil }
        return AwardDecisions(campaign: campaign, file: file, decisions: decisions)
    }

    private static func decision(_ node: Node, _ r: inout YAMLReading) -> AwardDecision? {
        guard let f = r.mapping(node, "quyết định", allowed: decisionKeys) else { return nil }
        let what = "quyết định" + (f["award"]?.value.scalar.map { " \($0.string)" } ?? "")
        func text(_ key: String) -> String? { r.required(f, key, in: node, what).flatMap { r.string($0, key) } }
        func optionalText(_ key: String) -> String? { f[key].flatMap { r.string($0.value, key) } }
        func lines(_ key: String, required: Bool) -> [(Node, String)] {
            guard let value = required ? r.required(f, key, in: node, what) : f[key]?.value else { return [] }
            guard let items = r.list(value, key) else { return [] }
            if required && items.isEmpty { r.fail(value, "'\(key)' cần ít nhất một dòng") }
            return items.compactMap { item in r.string(item, key).map { (item, $0) } }
        }
        var nodes = DecisionNodes(node: node)
        let award = r.required(f, "award", in: node, what).flatMap { r.identifier($0, "award") }
        // Absent: the state's; written wrong: nil, and the checks that depend on the format are not run.
        var format: DecisionFormat? = .state
        if let value = f["format"]?.value {
            format = r.string(value, "format").flatMap(DecisionFormat.init(rawValue:))
            if format == nil, let t = value.scalar?.string, !t.isEmpty {
                r.fail(value, "'format' là \"nha_nuoc\" (thể thức Nghị định 30/2020/NĐ-CP, mặc định) hoặc \"dang\" "
                    + "(thể thức văn bản của Đảng, Hướng dẫn 36-HD/VPTW), gặp \"\(t)\"")
            }
        }
        nodes.number = f["number"]?.value
        let parentBody = optionalText("parent_body")
        let issuingBody = text("issuing_body")
        let number = text("number")
        var date: Day?
        if let value = r.required(f, "date", in: node, what), let t = r.string(value, "date") {
            date = Day(parsing: t)
            if date == nil { r.fail(value, "'date' phải là một ngày dd/mm/yyyy (ví dụ 20/12/2024), gặp \"\(t)\"") }
        }
        let place = text("place")
        let subject = text("subject")
        let authority = text("authority")
        nodes.legalBases = lines("legal_bases", required: true)
        let achievement = text("achievement")
        let entryAchievement = f["entry_achievement"].flatMap { entryAchievementValue($0.value, &r) }
        let articles = lines("articles", required: false).map(\.1)
        nodes.articles = f["articles"]?.value
        nodes.recipients = lines("recipients", required: true)
        let archive = text("archive")
        var signer: AwardDecision.Signer?
        if let s = r.required(f, "signer", in: node, what), let sf = r.mapping(s, "người ký", allowed: signerKeys) {
            let title = r.required(sf, "title", in: s, "người ký").flatMap { r.string($0, "title") }
            let name = r.required(sf, "name", in: s, "người ký").flatMap { r.string($0, "name") }
            let capacity = sf["capacity"].flatMap { r.string($0.value, "capacity") }
            nodes.signer = s
            nodes.capacity = sf["capacity"]?.value
            nodes.title = sf["title"]?.value
            if let title, let name { signer = .init(capacity: capacity, title: title, name: name) }
        }
        let registerFirst = f["register_first"].flatMap { r.integer($0.value, "register_first", in: 1...Int(Int32.max)) }
        var registerFormat = "{n}"
        if let value = f["register_format"]?.value, let t = r.string(value, "register_format") {
            if t.contains("{n}") { registerFormat = t } else { r.fail(value, "'register_format' phải chứa {n} (chỗ đặt số thứ tự), gặp \"\(t)\"") }
        }
        guard let award, let issuingBody, let number, let date, let place, let subject, let authority, let achievement,
            let archive, let signer, let format
        else { return nil }
        let decision = AwardDecision(award: award, line: node.mark?.line ?? 1, parentBody: parentBody, issuingBody: issuingBody,
            number: number, date: date, place: place, subject: subject, authority: authority, legalBases: nodes.legalBases.map(\.1),
            achievement: achievement, entryAchievement: entryAchievement, articles: articles, recipients: nodes.recipients.map(\.1), archive: archive, signer: signer,
            registerFirst: registerFirst, registerFormat: registerFormat, format: format)
        check(decision, nodes, &r)
        return decision
    }

    /// `entry_achievement`: one wording for every entry, or a wording per tier id; each may hold
    /// `{khoi}` (the entry's bloc, by name) and `{xep_loai}` (its tier, by title), nothing else.
    private static func entryAchievementValue(_ node: Node, _ r: inout YAMLReading) -> AwardDecision.EntryAchievement? {
        // `{xep_loai} năm 2024` unquoted is a YAML flow mapping, not text.
        func quoteHint(_ node: Node) -> Bool {
            guard case .mapping(let m) = node, let k = m.first?.key.scalar?.string, AwardDecision.Wording.placeholders.contains(k) else {
                return false
            }
            r.fail(node, "'entry_achievement' bắt đầu bằng {\(k)} được YAML đọc thành một bảng: hãy đặt cả lời trong dấu nháy kép "
                + "(\"{\(k)} …\")")
            return true
        }
        func wording(_ node: Node, _ key: String) -> AwardDecision.Wording? {
            if quoteHint(node) { return nil }
            guard let text = r.string(node, key) else { return nil }
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "{") {
                guard let close = rest[open...].firstIndex(of: "}") else {
                    r.fail(node, "'\(key)': thiếu '}' sau '{' trong \"\(text)\"")
                    return nil
                }
                let name = String(rest[rest.index(after: open)..<close])
                guard AwardDecision.Wording.placeholders.contains(name) else {
                    r.fail(node, "'\(key)': chỗ điền không có: {\(name)} (dùng được: "
                        + AwardDecision.Wording.placeholders.map { "{\($0)}" }.joined(separator: ", ") + ")")
                    return nil
                }
                rest = rest[rest.index(after: close)...]
            }
            return AwardDecision.Wording(text: text, line: node.mark?.line ?? 1)
        }
        if quoteHint(node) { return nil }
        if case .mapping(let mapping) = node {
            var byTier: [String: AwardDecision.Wording] = [:]
            var seen: [String: Int] = [:]
            for (key, value) in mapping {
                guard let tier = r.identifier(key, "entry_achievement") else { continue }
                r.unique(tier, at: key, &seen, "xếp loại trong 'entry_achievement'")
                if let w = wording(value, "entry_achievement.\(tier)") { byTier[tier] = w }
            }
            if mapping.isEmpty { r.fail(node, "'entry_achievement' cần ít nhất một xếp loại") }
            return .byTier(byTier)
        }
        return wording(node, "entry_achievement").map { .same($0) }
    }
}

/// How a decision and its certificates are laid out and written: `format: nha_nuoc` (the default)
/// or `format: dang` in the configuration.
public enum DecisionFormat: String, Sendable, Hashable, CaseIterable {
    /// Nghị định 30/2020/NĐ-CP: Quốc hiệu and tiêu ngữ, `Số: 1520/QĐ-UBND`, `TM.`, `KT.`.
    case state = "nha_nuoc"
    /// Hướng dẫn 36-HD/VPTW (2018): `ĐẢNG CỘNG SẢN VIỆT NAM`, `Số 127-QĐ/TU`, `T/M`, `K/T`.
    case party = "dang"
}

/// The decision conferring one award form, and what its certificates print.
public struct AwardDecision: Sendable, Hashable {
    /// The signer: the signing capacity (`TM. ỦY BAN NHÂN DÂN` for a collective body, `KT. CHỦ TỊCH`
    /// for a deputy signing for the head, none when the head signs a decision of their own), the
    /// title (`CHỦ TỊCH`) and the name.
    public struct Signer: Sendable, Hashable {
        public var capacity: String?
        public var title: String
        public var name: String

        public init(capacity: String?, title: String, name: String) {
            self.capacity = capacity
            self.title = title
            self.name = name
        }
    }

    /// The award form's id in the criteria set.
    public var award: String
    /// Where it is written in the configuration file.
    public var line: Int
    /// Cơ quan chủ quản, above the issuing body (`UBND TỈNH BÌNH AN`).
    public var parentBody: String?
    /// Cơ quan ban hành (`ỦY BAN NHÂN DÂN THỊ XÃ PHÚ LÂM`).
    public var issuingBody: String
    /// Số, ký hiệu (`1520/QĐ-UBND`).
    public var number: String
    public var date: Day
    /// Địa danh (`Phú Lâm`).
    public var place: String
    /// Trích yếu (`Về việc tặng Giấy khen …`).
    public var subject: String
    /// Thẩm quyền ban hành (`CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ XÃ PHÚ LÂM`).
    public var authority: String
    /// The căn cứ lines, each written whole (`Căn cứ Luật Thi đua, khen thưởng …`); the document
    /// ends each with `;` and the last with `.`.
    public var legalBases: [String]
    /// The achievement, as Điều 1 and the certificates say it (`đã có thành tích xuất sắc …`).
    public var achievement: String
    /// What the attached list's "Thành tích" column and each certificate say of one entry, when
    /// it is not the decision's ``achievement`` (`Đơn vị dẫn đầu {khoi}`, or a wording per tier).
    public var entryAchievement: EntryAchievement?
    /// The articles after Điều 1, numbered from 2.
    public var articles: [String]
    /// Nơi nhận, one line each, without the archive line.
    public var recipients: [String]
    /// The archive line's content (`VT, NV`), printed as `- Lưu: VT, NV.`
    public var archive: String
    public var signer: Signer
    /// The first register number (số sổ vàng) of this decision's certificates, if numbered.
    public var registerFirst: Int?
    /// How a register number is written, `{n}` standing for the number (`{n}/GK-2024`).
    public var registerFormat: String

    /// A wording written in the configuration, with the line it is on.
    public struct Wording: Sendable, Hashable {
        /// The names a wording may hold in braces: the entry's bloc and its tier.
        public static let placeholders = ["khoi", "xep_loai"]
        public var text: String
        public var line: Int

        public init(text: String, line: Int) {
            self.text = text
            self.line = line
        }

        /// The text with `{khoi}` and `{xep_loai}` filled in; nil names the placeholder that has no value.
        public func filled(bloc: String?, tier: String?) -> Result<String, MissingValue> {
            var out = ""
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                out += rest[..<open]
                let name = rest[rest.index(after: open)..<close]
                let value = name == "khoi" ? bloc : name == "xep_loai" ? tier : String(rest[open...close])
                guard let value else { return .failure(MissingValue(placeholder: String(name))) }
                out += value
                rest = rest[rest.index(after: close)...]
            }
            return .success(out + rest)
        }

        public struct MissingValue: Error, Sendable, Hashable {
            public var placeholder: String

            public init(placeholder: String) {
                self.placeholder = placeholder
            }
        }
    }

    /// One wording for every entry, or one per tier id.
    public enum EntryAchievement: Sendable, Hashable {
        case same(Wording)
        case byTier([String: Wording])
    }

    /// The register number of the `index`-th certificate (from 0), or nil when not numbered.
    public func register(_ index: Int) -> String? {
        registerFirst.map { first in
            registerFormat.split(separator: "{n}", omittingEmptySubsequences: false).joined(separator: String(first + index))
        }
    }

    /// The document format: the state's (Nghị định 30/2020) or the Party's (Hướng dẫn 36-HD/VPTW).
    public var format: DecisionFormat = .state

    /// Place and date as the header writes them: `Phú Lâm, ngày 20 tháng 12 năm 2024`.
    public var placeAndDate: String { "\(place), \(date.inWords)" }
}
