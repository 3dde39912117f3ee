import Foundation
import ThiDuaCore
import ThiDuaExport
import ThiDuaODF
import ThiDuaStore

/// How certificates and decisions are written: which template, one file or one per awardee,
/// packaged (`.odt`) or flat (`.fodt`).
public struct DocumentOptions: Sendable {
    public var template: String?
    public var overprint: Bool
    public var each: Bool
    public var flat: Bool

    public init(template: String? = nil, overprint: Bool = false, each: Bool = false, flat: Bool = false) {
        self.template = template
        self.overprint = overprint
        self.each = each
        self.flat = flat
    }

    /// The shipped certificate template for a decision's format; the overprint one serves both
    /// (it prints the fields only, onto the office's pre-printed blank).
    func certificateTemplate(_ format: DecisionFormat) -> String {
        overprint ? "giay-khen-in-phoi.fodt" : format == .party ? "giay-khen-dang.fodt" : "giay-khen.fodt"
    }

    /// The shipped decision template for a decision's format.
    func decisionTemplate(_ format: DecisionFormat) -> String {
        format == .party ? "quyet-dinh-dang.fodt" : "quyet-dinh.fodt"
    }
    var fileExtension: String { flat ? "fodt" : "odt" }
}

/// Checks and stores a campaign's award configuration (YAML); returns it.
public func importDecisions(_ store: Store, path: String) throws -> AwardDecisions {
    guard let data = FileManager.default.contents(atPath: path) else { throw UserError("\(path): không đọc được tệp") }
    do {
        return try store.importAwardDecisions(bytes: [UInt8](data), file: path)
    } catch let failure as CriteriaFailure {
        throw UserError(failure.description)
    }
}

/// The folder of the shipped templates: `Exports/` of the project.
public func templatesDirectory() throws -> String {
    let candidates = [
        "Exports",
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Exports").path,
    ]
    guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("giay-khen.fodt")) })
    else {
        throw UserError("Không tìm thấy thư mục mẫu văn bản Exports/ (cần Exports/giay-khen.fodt). Chạy từ thư mục dự án hoặc dùng --template FILE.")
    }
    return found
}

/// Reads a template and checks it against what the document offers.
public func loadTemplate(_ given: String?, default name: String, schema: TemplateSchema) throws -> CompiledTemplate {
    let path = try given ?? (templatesDirectory() as NSString).appendingPathComponent(name)
    guard let data = FileManager.default.contents(atPath: path) else { throw UserError("\(path): không đọc được mẫu văn bản") }
    do {
        let compiled = try ODFTemplate(flat: [UInt8](data), name: path).compile(schema)
        // Text typed like a placeholder: on stderr of the command line (or the web server's log).
        for warning in compiled.warnings { FileHandle.standardError.write(Data("Mẫu văn bản \(warning)\n".utf8)) }
        return compiled
    } catch {
        throw UserError("Mẫu văn bản \(error.description)")
    }
}

/// Who each awarded entry is: a model's collective or person, or a unit.
public func recipients(_ store: Store, _ r: Ranked) throws -> [String: Recipient] {
    let units = Dictionary(try store.units().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    // The bloc each entry was ranked in (as the engine saw it), by name.
    let blocNames = Dictionary(try store.blocs().filter { $0.year == r.campaign.year }.map { ($0.code, $0.name) },
        uniquingKeysWith: { a, _ in a })
    let blocOf = Dictionary(r.result.entries.map { ($0.entry, $0.bloc.flatMap { blocNames[$0] }) }, uniquingKeysWith: { a, _ in a })
    var result: [String: Recipient] = [:]
    if r.set.subject == .model {
        for m in r.models {
            let unit = units[m.unit] ?? m.unit
            switch m.holder {
            case .collective:
                result[m.code] = Recipient(name: unit, position: nil, unit: unit, model: m.name, bloc: blocOf[m.code] ?? nil)
            case .individual(let name, let position):
                let where_ = position.isEmpty ? unit : "\(position), \(unit)"
                result[m.code] = Recipient(name: name, position: where_, unit: unit, model: m.name, bloc: blocOf[m.code] ?? nil)
            }
        }
    } else {
        for (code, name) in units { result[code] = Recipient(name: name, position: nil, unit: name, model: nil, bloc: blocOf[code] ?? nil) }
    }
    return result
}

/// The award documents of a ranked campaign, from its stored configuration.
public func awardDocuments(_ store: Store, _ r: Ranked) throws -> AwardDocuments {
    let code = r.campaign.code
    guard let decisions = try store.awardDecisions(campaign: code) else {
        throw UserError("Phong trào \(code) chưa có cấu hình khen thưởng (số, ngày quyết định, căn cứ, nơi nhận, người ký). "
            + "Nhập: thidua import decisions TỆP.yaml (mẫu: Examples/khen-thuong-DVK-2024.yaml)")
    }
    let who = try recipients(store, r)
    do {
        return try AwardDocuments(campaign: r.campaign, set: r.set, awards: r.awards, decisions: decisions,
            recipients: who, decimals: r.set.decimals)
    } catch {
        throw UserError(error.description)
    }
}

/// Writes the decision of each awarded form: `OUT/quyet-dinh-CAMPAIGN-FORM.odt`; returns the paths.
public func exportDecisions(_ store: Store, _ r: Ranked, options: DocumentOptions, out: String) throws -> [String] {
    let documents = try awardDocuments(store, r)
    var templates = Templates(given: options.template, schema: AwardDocuments.decisionSchema)
    try makeOutputFolder(out)
    var paths: [String] = []
    for (index, item) in documents.forms.enumerated() {
        let path = (out as NSString).appendingPathComponent("quyet-dinh-\(r.campaign.code)-\(item.form.id).\(options.fileExtension)")
        let format = item.decision.format
        let template = try templates.load(options.decisionTemplate(format))
        try write(template, pages: [partyWording(documents.decision(index), item.decision)], to: path, flat: options.flat,
            title: "Quyết định \(item.decision.number) — \(item.form.title)")
        paths.append(path)
    }
    if paths.isEmpty { throw UserError("Phong trào \(r.campaign.code) không có ai được khen: không có quyết định nào để xuất.") }
    return paths
}

/// Writes the certificates of each awarded form, one page per awardee:
/// `OUT/giay-khen-CAMPAIGN-FORM.odt` (or `giay-khen-in-phoi-…` with the overprint template),
/// or with `each` one file per awardee `…-FORM-ENTRY.odt`; returns the paths.
public func exportCertificates(_ store: Store, _ r: Ranked, options: DocumentOptions, out: String) throws -> [String] {
    let documents = try awardDocuments(store, r)
    var templates = Templates(given: options.template, schema: AwardDocuments.certificateSchema)
    try makeOutputFolder(out)
    let stem = options.overprint ? "giay-khen-in-phoi" : "giay-khen"
    var paths: [String] = []
    for (index, item) in documents.forms.enumerated() {
        let template = try templates.load(options.certificateTemplate(item.decision.format))
        let pages = documents.certificates(index)
        let title = "\(item.form.title) — \(r.campaign.code)"
        if options.each {
            for (entry, data) in pages {
                let path = (out as NSString).appendingPathComponent("\(stem)-\(r.campaign.code)-\(item.form.id)-\(entry).\(options.fileExtension)")
                try write(template, pages: [data], to: path, flat: options.flat, title: title)
                paths.append(path)
            }
        } else {
            let path = (out as NSString).appendingPathComponent("\(stem)-\(r.campaign.code)-\(item.form.id).\(options.fileExtension)")
            try write(template, pages: pages.map(\.data), to: path, flat: options.flat, title: title)
            paths.append(path)
        }
    }
    if paths.isEmpty { throw UserError("Phong trào \(r.campaign.code) không có ai được khen: không có giấy khen nào để in.") }
    return paths
}

/// The templates of one export, each read and checked once: the one given with `--template` for
/// every decision, or the shipped one of each decision's format.
private struct Templates {
    let given: String?
    let schema: TemplateSchema
    var loaded: [String: CompiledTemplate] = [:]

    init(given: String?, schema: TemplateSchema) {
        self.given = given
        self.schema = schema
    }

    mutating func load(_ shipped: String) throws -> CompiledTemplate {
        let key = given ?? shipped
        if let template = loaded[key] { return template }
        let template = try loadTemplate(given, default: shipped, schema: schema)
        loaded[key] = template
        return template
    }
}

/// A Party decision's căn cứ end with `;`, the last with `,`, before "BAN THƯỜNG VỤ … QUYẾT ĐỊNH"
/// (as the Party's own documents write them); a state decision's data is left as it is.
private func partyWording(_ data: TemplateData, _ decision: AwardDecision) -> TemplateData {
    guard decision.format == .party else { return data }
    var data = data
    let bases = decision.legalBases.map { line in
        var s = Substring(line)
        while let c = s.last, c == ";" || c == "." || c == "," || c == " " { s = s.dropLast() }
        return String(s)
    }
    data.setLines("can_cu", bases.enumerated().map { $0.element + ($0.offset == bases.count - 1 ? "," : ";") })
    return data
}

private func write(_ template: CompiledTemplate, pages: [TemplateData], to path: String, flat: Bool, title: String) throws {
    do {
        if flat {
            try template.writeFlat(pages: pages, to: URL(fileURLWithPath: path), title: title)
        } else {
            try template.write(pages: pages, to: URL(fileURLWithPath: path), title: title)
        }
    } catch {
        throw UserError(error.description)
    }
}
