import ArgumentParser
import Foundation
import ThiDuaCore
import ThiDuaExport
import ThiDuaStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Xuất kết quả lần tính điểm gần nhất của một phong trào.",
        discussion: "KIND: xml (kết quả kèm giải thích từng con số, theo lược đồ Exports/schema/thidua-results.xsd); list (danh sách khen thưởng và bảng xếp hạng, ODS); sheets (phiếu chấm trống cho từng thành viên hội đồng, ODS); decision (quyết định khen thưởng kèm danh sách, ODT, mỗi hình thức một quyết định); certificates (giấy khen, bằng khen, ODT, mỗi người một trang). Quyết định và giấy khen cần cấu hình khen thưởng của phong trào (thidua import decisions TỆP.yaml)."
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case xml, list, sheets, decision, certificates
    }

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Loại văn bản.") var kind: Kind
    @Option(help: "Mã phong trào.") var campaign: String
    @Option(help: "Thư mục để ghi tệp.") var out: String
    @Option(help: "Hạt giống bốc thăm, nếu bộ tiêu chí cần (list, decision, certificates).") var seed: UInt64?
    @Option(help: "Mẫu văn bản riêng (.fodt) thay cho mẫu trong Exports/ (decision, certificates).") var template: String?
    @Flag(help: "Giấy khen in lên phôi in sẵn: chỉ in các trường, theo mẫu Exports/giay-khen-in-phoi.fodt.") var overprint = false
    @Flag(help: "Mỗi người, tập thể được khen một tệp riêng (certificates).") var each = false
    @Flag(help: "Ghi tệp ODF phẳng (.fodt) thay cho .odt (decision, certificates).") var flat = false

    func run() throws {
        let store = try database.open()
        let path = switch kind {
        case .xml: try exportXML(store, campaign: campaign, out: out)
        case .list: try exportList(Ranked(store, campaign: campaign, criteriaDirectory: nil, seed: seed), out: out)
        case .sheets: try exportSheets(store, campaign: campaign, out: out).joined(separator: ", ")
        case .decision: try exportDecisions(store, ranked(store), options: options, out: out).joined(separator: ", ")
        case .certificates: try exportCertificates(store, ranked(store), options: options, out: out).joined(separator: ", ")
        }
        print("Đã ghi \(path)")
    }

    var options: DocumentOptions { DocumentOptions(template: template, overprint: overprint, each: each, flat: flat) }

    func ranked(_ store: Store) throws -> Ranked { try Ranked(store, campaign: campaign, criteriaDirectory: nil, seed: seed) }
}

/// Writes `OUT/results-CAMPAIGN.xml` from the campaign's latest run; returns its path.
func exportXML(_ store: Store, campaign code: String, out: String) throws -> String {
    guard let run = try store.latestRun(campaign: code) else {
        throw UserError("Phong trào \(code) chưa được tính điểm. Chạy: thidua score --campaign \(code)")
    }
    return try writeResultsXML(run, out: out)
}

/// Writes `OUT/results-CAMPAIGN.xml` from a stored run; returns its path.
func writeResultsXML(_ run: StoredRun, out: String) throws -> String {
    let code = run.campaign
    let result = run.result
    let bytes: [UInt8]
    do { bytes = try ResultsXML.document(result, run: run.id) } catch { throw UserError(error.description) }
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let path = (out as NSString).appendingPathComponent("results-\(code).xml")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

/// Writes `OUT/list-CAMPAIGN.ods`: a sheet per award form and per ranking group.
func exportList(_ r: Ranked, out: String) throws -> String {
    let standings = Standings.compute(r.ranking, result: r.result, set: r.set, awards: r.awards)
    let sheet = AwardListODS.spreadsheet(ranking: r.ranking, awards: r.awards, standings: standings, campaign: r.campaign,
        decimals: r.set.decimals, entryLabel: r.set.subject == .model ? "Mô hình" : "Đơn vị")
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let path = (out as NSString).appendingPathComponent("list-\(r.campaign.code).ods")
    do { try sheet.write(to: URL(fileURLWithPath: path)) } catch { throw UserError(error.description) }
    return path
}

/// Writes `OUT/phieu-cham-CAMPAIGN-JUROR.ods` for every juror of the campaign; returns the paths.
func exportSheets(_ store: Store, campaign code: String, out: String) throws -> [String] {
    guard let campaign = try store.campaigns().first(where: { $0.code == code }) else {
        throw UserError("Không có phong trào '\(code)'.")
    }
    return try exportSheets(store, campaign: campaign, set: try findCriteriaSet(campaign.criteriaSet, in: nil), out: out)
}

/// The same, for a campaign whose set is already loaded.
func exportSheets(_ store: Store, campaign: Campaign, set: CriteriaSet, out: String) throws -> [String] {
    let code = campaign.code
    guard set.criteria.contains(where: \.isJury) else {
        throw UserError("Phong trào \(code) không có tiêu chí do hội đồng chấm: không có phiếu chấm.")
    }
    let models = try store.models(campaign: code)
    let assignments = try store.assignments(campaign: code)
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    var paths: [String] = []
    for juror in try store.jurors(campaign: code) {
        let assigned = Set(assignments.filter { $0.juror == juror.code }.map(\.entry))
        let sheet = ScoreSheetODS.spreadsheet(set: set, campaign: campaign, juror: juror, models: models, assigned: assigned)
        let path = (out as NSString).appendingPathComponent("phieu-cham-\(code)-\(juror.code).ods")
        do { try sheet.write(to: URL(fileURLWithPath: path)) } catch { throw UserError(error.description) }
        paths.append(path)
    }
    return paths
}
