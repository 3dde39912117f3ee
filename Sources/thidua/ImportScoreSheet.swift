import Foundation
import ThiDuaCore
import ThiDuaServices
import ThiDuaExport
import ThiDuaODF
import ThiDuaStore

/// The options of `thidua import scores FILE.ods`.
struct ScoreSheetOptions {
    var campaign: String?
    var scoredAt: String?
    var reason: String?
    var criteria: String?
}

/// Imports a filled score sheet: reads it (ODSDocument), checks it against the campaign's
/// criteria set, jurors, entries and assignments (ScoreSheetImport), and appends its scores to
/// the log in one transaction (Store.importSheetScores).
///
/// The campaign comes from the document's title, which `thidua export sheets` writes as
/// "Phiếu chấm của GK03 – … – DVK-2024" (or from --campaign); each sheet is the juror its name
/// says. Every score of the file is logged at one time: --scored-at if given, else when the
/// document was last saved (meta.xml's dc:date, which LibreOffice and Excel write on saving), else
/// the file's modification time, both in this computer's time zone. So importing the same file
/// again gives the same times and stores nothing twice.
func importScoreSheet(_ store: Store, path: String, _ options: ScoreSheetOptions) throws -> ImportSummary {
    let url = URL(fileURLWithPath: path)
    let refused = { (message: String) in UserError("\(message)\n\(path): không nhập dòng nào") }
    let document: ODSDocument
    let metadata: ODSDocument.Metadata
    do {
        document = try ODSDocument(url: url, name: path)
        metadata = try document.metadata()
    } catch {
        throw refused(error.description)
    }

    // The campaign.
    let titled = metadata.title.flatMap(ScoreSheetODS.parseTitle)
    let code: String
    let campaignPlace: String
    if let given = options.campaign {
        if let titled, titled.campaign != given {
            throw refused("\(path): tiêu đề tài liệu ghi phiếu chấm của phong trào \(titled.campaign), nhưng --campaign là \(given); "
                + "hãy kiểm tra lại tệp hoặc bỏ --campaign")
        }
        code = given
        campaignPlace = "tùy chọn --campaign"
    } else if let titled {
        code = titled.campaign
        campaignPlace = "tiêu đề tài liệu (Tệp › Thuộc tính)"
    } else {
        let title = metadata.title.map { "\"\($0)\"" } ?? "trống"
        throw refused("\(path): cần biết phiếu chấm thuộc phong trào nào: tiêu đề tài liệu (Tệp › Thuộc tính) là \(title), "
            + "không có dạng \"Phiếu chấm của GK03 – … – DVK-2024\" như thidua export sheets ghi; hãy chỉ rõ bằng --campaign MÃ")
    }
    let campaigns = try store.campaigns()
    guard let campaign = campaigns.first(where: { $0.code == code }) else {
        throw refused("\(path): \(campaignPlace): cần mã một phong trào đã nhập (\(campaigns.map(\.code).joined(separator: ", "))), "
            + "nhưng gặp \"\(code)\"")
    }
    let set = try findCriteriaSet(campaign.criteriaSet, in: options.criteria)

    // The time.
    let scoredAt: Moment
    let scoredAtPlace: String
    if let given = options.scoredAt {
        guard let moment = Moment(parsing: given.trimmingCharacters(in: .whitespaces)) else {
            throw refused("\(path): tùy chọn --scored-at: cần một thời điểm dạng 2024-12-10 08:45, nhưng gặp \"\(given)\"")
        }
        scoredAt = moment
        scoredAtPlace = "tùy chọn --scored-at"
    } else if let date = metadata.date, let moment = localMoment(metadataDate: date) {
        scoredAt = moment
        scoredAtPlace = "ngày lưu ghi trong tệp (meta.xml)"
    } else {
        let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date()
        scoredAt = localMoment(modified)
        scoredAtPlace = "ngày sửa tệp"
    }

    // The sheet.
    var reading = ScoreSheetImport(set: set, campaign: campaign, jurors: try store.jurors(campaign: code),
        models: try store.models(campaign: code), assignments: try store.assignments(campaign: code))
    do {
        try document.read { reading.consume($0) }
    } catch {
        throw refused(error.description)
    }
    reading.finish()

    let input = SheetScores(
        file: path, sheets: reading.sheets, campaign: code, campaignPlace: campaignPlace, scoredAt: scoredAt, scoredAtPlace: scoredAtPlace,
        correctionReason: options.reason, correctionHint: "hãy ghi lý do bằng tùy chọn --reason \"…\"",
        scores: reading.scores, problems: reading.issues)
    return try store.importSheetScores(input)
}

/// A moment in this computer's time zone.
func localMoment(_ date: Date) -> Moment {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = .current
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    return Moment(day: Day(year: c.year!, month: c.month!, day: c.day!)!, hour: c.hour!, minute: c.minute!, second: c.second!)!
}

/// meta.xml's `dc:date`: local time as LibreOffice writes it (`2024-12-10T08:45:12.345678901`), or
/// with a zone as other programs do (`2024-12-10T01:45:12Z`), turned into this computer's time.
func localMoment(metadataDate text: String) -> Moment? {
    let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard text.count >= 19, let plain = Moment(parsing: text.prefix(19)) else { return nil }
    var rest = text.dropFirst(19)
    if rest.hasPrefix(".") { rest = rest.drop { $0 == "." || $0.isNumber } }
    if rest.isEmpty { return plain }
    var offset = 0
    if rest != "Z" {
        let sign = rest.first == "-" ? -1 : 1
        let parts = rest.dropFirst().split(separator: ":")
        guard rest.first == "+" || rest.first == "-", parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        offset = sign * (h * 3600 + m * 60)
    }
    var utc = Calendar(identifier: .gregorian)
    utc.timeZone = TimeZone(identifier: "UTC")!
    let components = DateComponents(year: plain.day.year, month: plain.day.month, day: plain.day.day,
        hour: plain.hour, minute: plain.minute, second: plain.second)
    guard let date = utc.date(from: components) else { return nil }
    return localMoment(date.addingTimeInterval(TimeInterval(-offset)))
}
