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

    var certificateTemplate: String { overprint ? "giay-khen-in-phoi.fodt" : "giay-khen.fodt" }
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
        return try ODFTemplate(flat: [UInt8](data), name: path).compile(schema)
    } catch {
        throw UserError("Mẫu văn bản \(error.description)")
    }
}

/// Who each awarded entry is: a model's collective or person, or a unit.
public func recipients(_ store: Store, _ r: Ranked) throws -> [String: Recipient] {
    let units = Dictionary(try store.units().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    var result: [String: Recipient] = [:]
    if r.set.subject == .model {
        for m in r.models {
            let unit = units[m.unit] ?? m.unit
            switch m.holder {
            case .collective:
                result[m.code] = Recipient(name: unit, position: nil, unit: unit, model: m.name)
            case .individual(let name, let position):
                let where_ = position.isEmpty ? unit : "\(position), \(unit)"
                result[m.code] = Recipient(name: name, position: where_, unit: unit, model: m.name)
            }
        }
    } else {
        for (code, name) in units { result[code] = Recipient(name: name, position: nil, unit: name, model: nil) }
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
    let template = try loadTemplate(options.template, default: "quyet-dinh.fodt", schema: AwardDocuments.decisionSchema)
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    var paths: [String] = []
    for (index, item) in documents.forms.enumerated() {
        let path = (out as NSString).appendingPathComponent("quyet-dinh-\(r.campaign.code)-\(item.form.id).\(options.fileExtension)")
        try write(template, pages: [documents.decision(index)], to: path, flat: options.flat,
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
    let template = try loadTemplate(options.template, default: options.certificateTemplate, schema: AwardDocuments.certificateSchema)
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let stem = options.overprint ? "giay-khen-in-phoi" : "giay-khen"
    var paths: [String] = []
    for (index, item) in documents.forms.enumerated() {
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
