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
/// the file's modification time. A time written without an offset (--scored-at, LibreOffice's
/// dc:date) is read in the campaign's time zone (`utc_offset`, +07:00 unless campaigns.csv says
/// otherwise), never in this computer's. So importing the same file again gives the same times
/// and stores nothing twice.
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
        guard let moment = Moment(parsing: given.trimmingCharacters(in: .whitespaces), assuming: campaign.utcOffset) else {
            throw refused("\(path): tùy chọn --scored-at: cần một thời điểm dạng 2024-12-10 08:45 (có thể kèm múi giờ: "
                + "2024-12-10 08:45+07:00), nhưng gặp \"\(given)\"")
        }
        scoredAt = moment
        scoredAtPlace = "tùy chọn --scored-at"
    } else if let date = metadata.date {
        guard let moment = sheetMoment(metadataDate: date, assuming: campaign.utcOffset) else {
            throw refused("\(path): ngày lưu ghi trong tệp (meta.xml, dc:date): cần một thời điểm dạng 2024-12-10T08:45:00, "
                + "nhưng gặp \"\(date)\"; hãy chỉ rõ thời điểm chấm bằng --scored-at \"2024-12-10 08:45\"")
        }
        scoredAt = moment
        scoredAtPlace = "ngày lưu ghi trong tệp (meta.xml)"
    } else {
        let unreadable = "\(path): cần biết thời điểm chấm: tệp không ghi ngày lưu (meta.xml) và không đọc được ngày sửa tệp; "
            + "hãy chỉ rõ bằng --scored-at \"2024-12-10 08:45\""
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw refused(unreadable)
        }
        guard let modified = attributes[.modificationDate] as? Date else { throw refused(unreadable) }
        scoredAt = Moment(secondsSinceEpoch: Int64(modified.timeIntervalSince1970.rounded(.down)), offset: campaign.utcOffset)
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

/// meta.xml's `dc:date`: local time as LibreOffice writes it (`2024-12-10T08:45:12.345678901`),
/// read at `assumed` (the campaign's time zone), or with an offset as other programs write it
/// (`2024-12-10T01:45:12Z`, `2024-12-10T08:45:12+07:00`). Fractions of a second are dropped.
func sheetMoment(metadataDate text: String, assuming assumed: UTCOffset) -> Moment? {
    let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard text.count >= 19 else { return nil }
    var rest = text.dropFirst(19)
    if rest.hasPrefix(".") { rest = rest.dropFirst().drop { $0.isASCII && $0.isNumber } }
    return Moment(parsing: String(text.prefix(19)) + rest, assuming: assumed)
}
