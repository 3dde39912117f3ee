import Foundation
import ThiDuaCore
import ThiDuaExport
import ThiDuaODF
import ThiDuaStore

/// Writes `OUT/results-CAMPAIGN.xml` from the campaign's latest run; returns its path.
public func exportXML(_ store: Store, campaign code: String, out: String) throws -> String {
    guard let run = try store.latestRun(campaign: code) else {
        throw UserError("Phong trào \(code) chưa được tính điểm. Chạy: thidua score --campaign \(code)")
    }
    return try writeResultsXML(run, out: out)
}

/// Writes `OUT/results-CAMPAIGN.xml` from a stored run; returns its path.
public func writeResultsXML(_ run: StoredRun, out: String) throws -> String {
    let code = run.campaign
    let result = run.result
    let bytes: [UInt8]
    do { bytes = try ResultsXML.document(result, run: run.id) } catch { throw UserError(error.description) }
    try makeOutputFolder(out)
    let path = (out as NSString).appendingPathComponent("results-\(code).xml")
    // Under a temporary name, renamed into place: a full disk or a kill leaves the old file or none.
    do {
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw UserError("Không ghi được \(path): \(error.localizedDescription); tệp cũ (nếu có) vẫn giữ nguyên.")
    }
    return path
}

/// Writes `OUT/list-CAMPAIGN.ods`: a sheet per award form and per ranking group, with the
/// names of the entries, units and blocs from the store and, for each form whose decision is
/// configured (`thidua import decisions`), its number and date.
public func exportList(_ store: Store, _ r: Ranked, out: String) throws -> String {
    let standings = try Standings.compute(r.ranking, result: r.result, set: r.set, awards: r.awards)
    let names = AwardListODS.Names(set: r.set, year: r.campaign.year, models: r.models, units: try store.units(), blocs: try store.blocs(),
        ranking: r.ranking)
    let sheet = AwardListODS.spreadsheet(ranking: r.ranking, awards: r.awards, standings: standings, campaign: r.campaign,
        decimals: r.set.decimals, names: names, decisions: try store.awardDecisions(campaign: r.campaign.code))
    try makeOutputFolder(out)
    let path = (out as NSString).appendingPathComponent("list-\(r.campaign.code).ods")
    do { try sheet.write(to: URL(fileURLWithPath: path)) } catch { throw UserError(error.description) }
    return path
}

/// Writes `OUT/phieu-cham-CAMPAIGN-JUROR.ods` for every juror of the campaign; returns the paths.
public func exportSheets(_ store: Store, campaign code: String, criteriaDirectory: String?, out: String) throws -> [String] {
    let (campaign, set) = try campaignAndSet(store, code, criteriaDirectory: criteriaDirectory)
    return try exportSheets(store, campaign: campaign, set: set, out: out)
}

/// The same, for a campaign whose set is already loaded.
public func exportSheets(_ store: Store, campaign: Campaign, set: CriteriaSet, out: String) throws -> [String] {
    let code = campaign.code
    guard set.criteria.contains(where: \.isJury) else {
        throw UserError("Phong trào \(code) không có tiêu chí do hội đồng chấm: không có phiếu chấm.")
    }
    let models = try store.models(campaign: code)
    let assignments = try store.assignments(campaign: code)
    let units = try store.units()
    try makeOutputFolder(out)
    var paths: [String] = []
    for juror in try store.jurors(campaign: code) {
        let assigned = Set(assignments.filter { $0.juror == juror.code }.map(\.entry))
        let sheet = ScoreSheetODS.spreadsheet(set: set, campaign: campaign, juror: juror, models: models, assigned: assigned, units: units)
        let path = (out as NSString).appendingPathComponent("phieu-cham-\(code)-\(juror.code).ods")
        do { try sheet.write(to: URL(fileURLWithPath: path)) } catch { throw UserError(error.description) }
        paths.append(path)
    }
    return paths
}

/// Makes the folder exports are written to (and those above it); one that cannot be made is
/// an error naming it and why.
func makeOutputFolder(_ out: String) throws {
    do {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    } catch {
        var isDirectory: ObjCBool = false
        let why = FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) && !isDirectory.boolValue
            ? "đã có một tệp tên này" : error.localizedDescription
        throw UserError("Không tạo được thư mục \(out)/ để ghi tệp: \(why).")
    }
}
