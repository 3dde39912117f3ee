import ThiDuaCore
import ThiDuaODF

/// Who an award goes to, as certificates and the attached list name them.
public struct Recipient: Sendable, Hashable {
    /// The collective's or the person's name (`UBND phường An Phú`, `Nguyễn Thị Hoa`).
    public var name: String
    /// For a person, their position and unit (`Chủ tịch Hội Nông dân xã Hòa Lợi`); nil for a collective.
    public var position: String?
    /// The unit's name.
    public var unit: String
    /// The model awarded, for model campaigns.
    public var model: String?
    /// The name of the bloc the entry competes in (`Khối thi đua các phường, xã`), if any.
    public var bloc: String?

    public init(name: String, position: String?, unit: String, model: String?, bloc: String? = nil) {
        self.name = name
        self.position = position
        self.unit = unit
        self.model = model
        self.bloc = bloc
    }

    public var isIndividual: Bool { position != nil }
}

/// The award decision and the certificates of a campaign's award forms, as template data: the
/// awards decided by ``Awarding``, the campaign's ``AwardDecisions`` and who each entry is.
///
/// ```swift
/// let documents = try AwardDocuments(campaign: c, awards: list, decisions: config, recipients: r, decimals: 2)
/// let pages = documents.certificates(form)      // one page of data per awardee
/// ```
public struct AwardDocuments: Sendable {
    public let campaign: Campaign
    public let decisions: AwardDecisions
    public let decimals: Int
    /// The forms that have awardees, each with its decision, awardees in list order.
    public let forms: [(form: AwardOutcome, decision: AwardDecision, awardees: [(AwardedEntry, group: String, Recipient)])]
    /// What each awardee of each form achieved, as the list and the certificate say it, in awardee order.
    let achievements: [[String]]

    public init(
        campaign: Campaign, set: CriteriaSet, awards: AwardList, decisions: AwardDecisions,
        recipients: [String: Recipient], decimals: Int
    ) throws(ExportFailure) {
        self.campaign = campaign
        self.decisions = decisions
        self.decimals = decimals
        guard decisions.campaign == campaign.code else {
            throw .decision("\(decisions.file): cấu hình khen thưởng của phong trào \(decisions.campaign), không phải \(campaign.code)")
        }
        let known = set.awards.map(\.id)
        for d in decisions.decisions where !known.contains(d.award) {
            throw .decision("\(decisions.file):\(d.line): hình thức khen thưởng '\(d.award)' không có trong bộ tiêu chí \(set.id)"
                + (known.isEmpty ? " (bộ tiêu chí không có hình thức nào)" : " (có: \(known.joined(separator: ", ")))"))
        }
        var forms: [(AwardOutcome, AwardDecision, [(AwardedEntry, group: String, Recipient)])] = []
        var achievements: [[String]] = []
        let tierTitles = Dictionary(set.tiers.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        for form in awards.forms where form.count > 0 {
            guard let decision = decisions.decision(for: form.id) else {
                throw .decision("\(decisions.file): chưa có quyết định cho hình thức '\(form.id)' (\(form.title), \(form.count) "
                    + "\(set.subject == .model ? "mô hình" : "đơn vị") được khen); thêm một mục 'award: \(form.id)' vào 'decisions'")
            }
            var awardees: [(AwardedEntry, group: String, Recipient)] = []
            for group in form.groups.sorted(by: { VietnameseOrder.precedes($0.group, $1.group) }) {
                for a in group.awarded.sorted(by: { ($0.rank, $0.entry) < ($1.rank, $1.entry) }) {
                    guard let recipient = recipients[a.entry] else {
                        throw .decision("không biết \(a.entry) (\(form.title)) là tập thể hay cá nhân nào: thiếu trong dữ liệu đơn vị, mô hình")
                    }
                    awardees.append((a, group.group, recipient))
                }
            }
            // Collectives first, then individuals, as attached lists are laid out.
            let ordered = awardees.filter { !$0.2.isIndividual } + awardees.filter { $0.2.isIndividual }
            forms.append((form, decision, ordered))
            var said: [String] = []
            for (a, _, r) in ordered {
                said.append(try Self.achievement(of: a, r, decision: decision, form: form, tierTitles: tierTitles, file: decisions.file))
            }
            achievements.append(said)
        }
        self.forms = forms
        self.achievements = achievements
    }

    /// What one awardee achieved: the decision's `entry_achievement` (for the entry's tier, with its
    /// bloc and tier by name), else a model's name, else the decision's achievement. Never a code.
    static func achievement(
        of a: AwardedEntry, _ r: Recipient, decision: AwardDecision, form: AwardOutcome, tierTitles: [String: String], file: String
    ) throws(ExportFailure) -> String {
        let wording: AwardDecision.Wording
        switch decision.entryAchievement {
        case nil:
            return r.model.map { "Mô hình “\($0)”" } ?? sentence(decision.achievement)
        case .same(let w):
            wording = w
        case .byTier(let byTier):
            guard let tier = a.tier, let w = byTier[tier] else {
                let shown = a.tier.map { "xếp loại '\($0)'" + (tierTitles[$0].map { " (\($0))" } ?? "") } ?? "không có xếp loại"
                throw .decision("\(file):\(decision.line): 'entry_achievement' của \(form.title) không có lời cho \(shown) "
                    + "của \(r.name) (\(a.entry)); có: \(byTier.keys.sorted().joined(separator: ", "))")
            }
            wording = w
        }
        switch wording.filled(bloc: r.bloc, tier: a.tier.flatMap { tierTitles[$0] }) {
        case .success(let text):
            return sentence(text)
        case .failure(let missing):
            let what = missing.placeholder == "khoi" ? "không thuộc khối thi đua nào" : "không có xếp loại"
            throw .decision("\(file):\(wording.line): 'entry_achievement' dùng {\(missing.placeholder)} nhưng \(r.name) (\(a.entry)) \(what)")
        }
    }

    // MARK: Certificates

    /// What a certificate template may hold.
    public static let certificateSchema = TemplateSchema(
        fields: ["tham_quyen", "hinh_thuc", "nguoi_nhan", "chuc_vu", "don_vi", "thanh_tich", "mo_hinh", "so_quyet_dinh",
            "ngay_quyet_dinh", "so_so_vang", "noi_ngay", "ky_thay", "chuc_danh", "nguoi_ky", "ma", "khoi", "hang", "tong_diem",
            "phong_trao"],
        lists: ["dong_so_vang": [""], "dong_ky_thay": [""]],
        required: [("nguoi_nhan", "tập thể, cá nhân được khen")])

    /// One page of data per awardee of a form, with its entry code.
    public func certificates(_ index: Int) -> [(entry: String, data: TemplateData)] {
        let (form, decision, awardees) = forms[index]
        return awardees.enumerated().map { n, item in
            let (a, group, r) = item
            var data = TemplateData(fields: [
                "tham_quyen": decision.authority,
                "hinh_thuc": form.title.uppercased(),
                "nguoi_nhan": r.name,
                "chuc_vu": r.position ?? "",
                "don_vi": r.unit,
                "thanh_tich": decision.entryAchievement == nil ? Self.sentence(decision.achievement) : achievements[index][n],
                "mo_hinh": r.model.map { "Mô hình “\($0)”" } ?? "",
                "so_quyet_dinh": decision.number,
                "ngay_quyet_dinh": decision.date.inWords,
                "so_so_vang": decision.register(n) ?? "",
                "noi_ngay": decision.placeAndDate,
                "ky_thay": decision.signer.capacity ?? "",
                "chuc_danh": decision.signer.title,
                "nguoi_ky": decision.signer.name,
                "ma": a.entry,
                "khoi": group,
                "hang": String(a.rank),
                "tong_diem": a.total.text(decimals: decimals),
                "phong_trao": campaign.title,
            ])
            // "Số sổ vàng: …" as a line of its own, left out when the decision numbers no register.
            data.setLines("dong_so_vang", decision.register(n).map { ["Số sổ vàng: \($0)"] } ?? [])
            data.setLines("dong_ky_thay", capacityLines(decision))
            return (a.entry, data)
        }
    }

    // MARK: The decision

    /// What a decision template may hold.
    public static let decisionSchema = TemplateSchema(
        fields: ["co_quan_chu_quan", "co_quan", "so_quyet_dinh", "noi_ngay", "trich_yeu", "tham_quyen", "dieu_1", "ky_thay",
            "chuc_danh", "nguoi_ky", "hinh_thuc", "so_tap_the", "so_ca_nhan", "doi_tuong", "ngay_quyet_dinh", "ten_danh_sach",
            "kem_theo", "thanh_tich", "phong_trao", "gach_co_quan", "gach_trich_yeu", "gach_danh_sach"],
        lists: ["can_cu": [""], "noi_nhan": [""], "dong_ky_thay": [""], "dieu": ["so", "noi_dung"],
            "dong_co_quan_chu_quan": [""], "dong_co_quan": [""], "dong_trich_yeu": [""], "dong_ten_danh_sach": [""], "dong_kem_theo": [""],
            "danh_sach": ["stt", "ten", "chuc_vu", "don_vi", "thanh_tich", "mo_hinh", "ma", "khoi", "hang", "tong_diem", "so_so_vang"]],
        required: [("so_quyet_dinh", "số, ký hiệu quyết định"), ("dong_trich_yeu|trich_yeu", "trích yếu"), ("dieu_1", "nội dung Điều 1"),
            ("nguoi_ky", "người ký"), ("danh_sach.ten", "tên từng tập thể, cá nhân trong danh sách kèm theo")])

    /// The decision conferring a form, with its attached list.
    public func decision(_ index: Int) -> TemplateData {
        let (form, decision, awardees) = forms[index]
        let collectives = awardees.count { !$0.2.isIndividual }
        let individuals = awardees.count - collectives
        let whom = [collectives > 0 ? "\(collectives) tập thể" : nil, individuals > 0 ? "\(individuals) cá nhân" : nil]
            .compactMap { $0 }.joined(separator: " và ")
        let who = collectives > 0 && individuals > 0 ? "tập thể, cá nhân" : collectives > 0 ? "tập thể" : "cá nhân"
        let listName = Self.sentence(who) + " được tặng \(form.title) của \(form.authority)"
        // The Party writes a comma between the number and the date (Hướng dẫn 36-HD/VPTW).
        let attached = "(Kèm theo Quyết định số \(decision.number)\(decision.format == .party ? "," : "") ngày \(decision.date.vietnamese) của \(form.authority))"
        var data = TemplateData(fields: [
            "co_quan_chu_quan": decision.parentBody ?? "",
            "co_quan": decision.issuingBody,
            "so_quyet_dinh": decision.number,
            "noi_ngay": decision.placeAndDate,
            "trich_yeu": decision.subject,
            "tham_quyen": decision.authority,
            "dieu_1": "Tặng \(form.title) của \(form.authority) cho \(whom) \(clause(decision.achievement)) (có danh sách kèm theo).",
            "ky_thay": decision.signer.capacity ?? "",
            "chuc_danh": decision.signer.title,
            "nguoi_ky": decision.signer.name,
            "hinh_thuc": form.title,
            "so_tap_the": String(collectives),
            "so_ca_nhan": String(individuals),
            "doi_tuong": whom,
            "ngay_quyet_dinh": decision.date.vietnamese,
            "ten_danh_sach": listName,
            "kem_theo": attached,
            "thanh_tich": Self.sentence(decision.achievement),
            "phong_trao": campaign.title,
        ])
        // The header's and the trích yếu's lines, broken evenly, and the rules under them (Nghị định 30).
        let m = DecisionMeasures(decision.format)
        data.setLines("dong_co_quan_chu_quan", decision.parentBody.map {
            TextLayout.balancedLines($0.uppercased(), points: m.headerPoints, bold: false, width: m.headerColumn)
        } ?? [])
        let body = TextLayout.balancedLines(decision.issuingBody.uppercased(), points: m.headerPoints, bold: true, width: m.headerColumn)
        data.setLines("dong_co_quan", body)
        data.fields["gach_co_quan"] = TextLayout.rule(under: body, points: m.headerPoints, bold: true, rulePoints: m.rulePoints)
        let subject = TextLayout.balancedLines(decision.subject, points: m.subjectPoints, bold: true, width: m.textWidth)
        data.setLines("dong_trich_yeu", subject)
        data.fields["gach_trich_yeu"] = TextLayout.rule(under: subject, points: m.subjectPoints, bold: true, rulePoints: m.rulePoints)
        let listTitle = TextLayout.balancedLines(listName, points: m.subjectPoints, bold: true, width: m.textWidth)
        data.setLines("dong_ten_danh_sach", listTitle)
        data.setLines("dong_kem_theo", TextLayout.balancedLines(attached, points: m.subjectPoints, bold: false, width: m.textWidth))
        data.fields["gach_danh_sach"] = TextLayout.rule(under: listTitle, points: m.subjectPoints, bold: true, rulePoints: m.rulePoints)
        data.setLines("can_cu", punctuated(decision.legalBases, each: ";", last: "."))
        data.setLines("dong_ky_thay", capacityLines(decision))
        data.setLines("noi_nhan", punctuated(decision.recipients, each: ";", last: ";").map { "- " + $0 }
            + ["- Lưu: " + bare(decision.archive) + "."])
        data.lists["dieu"] = decision.articles.enumerated().map { ["so": String($0.offset + 2), "noi_dung": $0.element] }
        // A list of both collectives and individuals is in two parts, "I. TẬP THỂ" and "II. CÁ NHÂN",
        // each numbered from 1: a heading row (STT "I", name "TẬP THỂ", the rest empty) opens each.
        let sections = collectives > 0 && individuals > 0
        var rows: [[String: String]] = []
        var number = 0
        for (n, item) in awardees.enumerated() {
            let (a, group, r) = item
            if sections && (n == 0 || n == collectives) {
                let heading = n == 0 ? ("I", "TẬP THỂ") : ("II", "CÁ NHÂN")
                rows.append(["stt": heading.0, "ten": heading.1])
                number = 0
            }
            number += 1
            rows.append([
                "stt": String(number),
                "ten": r.position.map { "\(r.name), \($0)" } ?? r.name,
                "chuc_vu": r.position ?? "",
                "don_vi": r.unit,
                "thanh_tich": achievements[index][n],
                "mo_hinh": r.model ?? "",
                "ma": a.entry,
                "khoi": group,
                "hang": String(a.rank),
                "tong_diem": a.total.text(decimals: decimals),
                "so_so_vang": decision.register(n) ?? "",
            ])
        }
        data.lists["danh_sach"] = rows
        return data
    }

    /// The measures of the shipped decision templates that line breaks and rules are worked out
    /// for, in points: the text's width (A4 less margins of 30 and 15 mm) and the header's left
    /// column less its padding (6.3 cm in Exports/quyet-dinh.fodt, 7.5 cm in quyet-dinh-dang.fodt),
    /// each less 8 % so that a line the estimate fits never wraps in Writer or Word; the issuing
    /// body's and the trích yếu's sizes (13 and 14 pt, Nghị định 30; 14 and 15 pt, Hướng dẫn 36).
    struct DecisionMeasures {
        static let point = 72 / 2.54   // points per centimetre
        let textWidth = 16.5 * point * 0.92
        let headerColumn: Double
        let headerPoints: Double
        let subjectPoints: Double
        let rulePoints = 13.0

        init(_ format: DecisionFormat) {
            switch format {
            case .state: (headerColumn, headerPoints, subjectPoints) = (6.2 * Self.point * 0.92, 13, 14)
            case .party: (headerColumn, headerPoints, subjectPoints) = (7.4 * Self.point * 0.92, 14, 15)
            }
        }
    }

    /// The signing capacity, a paragraph a line (`TM. ỦY BAN NHÂN DÂN`, then `KT. CHỦ TỊCH`), none
    /// when the head signs: no empty line above the title.
    private func capacityLines(_ decision: AwardDecision) -> [String] {
        (decision.signer.capacity ?? "").split(separator: "\n").map(String.init).filter { !$0.allSatisfy(\.isWhitespace) }
    }

    /// `đã có …` → `Đã có …`.
    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// An achievement inside a sentence: lower-case start, no final full stop.
    private func clause(_ text: String) -> String {
        let trimmed = bare(text)
        guard let first = trimmed.first else { return trimmed }
        // Keep a proper noun's capital ("Đã" is a verb, "Ủy ban" is not): only lower a common first word.
        let word = trimmed.prefix { $0 != " " }
        return ["Đã", "Có", "Đạt", "Hoàn"].contains(String(word)) ? first.lowercased() + trimmed.dropFirst() : trimmed
    }

    /// Lines ending `;`, the last `.` (as căn cứ and nơi nhận are written).
    private func punctuated(_ lines: [String], each: String, last: String) -> [String] {
        lines.enumerated().map { n, line in bare(line) + (n == lines.count - 1 ? last : each) }
    }

    private func bare(_ line: String) -> String {
        var s = Substring(line)
        while let c = s.last, c == ";" || c == "." || c == "," || c == " " { s = s.dropLast() }
        return String(s)
    }
}
