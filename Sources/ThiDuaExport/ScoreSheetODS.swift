import Foundation
import ThiDuaCore
import ThiDuaODF

/// A blank score sheet for one juror: the entries assigned to them (without those the set's
/// conflict-of-interest rule keeps from them, whose scores would not count) × the jury criteria,
/// each column headed with its maximum, each cell held to 0…max by content validation.
public enum ScoreSheetODS {
    /// `units` is the unit tree the set's `conflicts: unit_tree` reads (not needed under `unit`).
    public static func spreadsheet(
        set: CriteriaSet, campaign: Campaign, juror: Juror, models: [Model], assigned: Set<String>, units: [ThiDuaCore.Unit] = []
    ) -> Spreadsheet {
        let criteria = set.criteria.filter(\.isJury)
        let conflicts = ConflictOfInterest(set, units: units)
        let entries = models.filter { assigned.contains($0.code) && !conflicts.excludes(jurorUnit: juror.unit, entryUnit: $0.unit) }
            .sorted { $0.code < $1.code }
        let validations = criteria.map { c in
            Spreadsheet.Validation(name: "diem_\(c.id)", minimum: "0", maximum: c.max.description, title: "Điểm \(c.id) không hợp lệ",
                message: "Điểm tiêu chí \(c.id) là một số từ 0 đến \(c.max.vietnamese).")
        }
        var sheet = Spreadsheet.Sheet(name: juror.code, headers: headers(set))
        for m in entries {
            sheet.rows.append([.text(m.code), .text(m.name), .text(m.unit)] + criteria.map { .input(validation: "diem_\($0.id)") } + [.empty])
        }
        return Spreadsheet(sheets: [sheet], title: title(juror: juror, campaign: campaign), validations: validations)
    }

    /// The header row: the entry's code, name and unit, a column per jury criterion showing its
    /// range (`A1 (0–20)`), then the comment.
    public static func headers(_ set: CriteriaSet) -> [String] {
        ["Mã mô hình", "Tên mô hình", "Đơn vị"] + set.criteria.filter(\.isJury).map(header) + ["Nhận xét"]
    }

    /// `A1 (0–20)`.
    public static func header(_ criterion: Criterion) -> String {
        "\(criterion.id) (0–\(criterion.max.vietnamese))"
    }

    /// The document title (File › Properties), which names the juror and the campaign:
    /// `Phiếu chấm của GK03 – Nguyễn Văn A – DVK-2024`. ``ScoreSheetImport`` reads the campaign back from it.
    public static func title(juror: Juror, campaign: Campaign) -> String {
        "\(titlePrefix)\(juror.code) – \(juror.name) – \(campaign.code)"
    }

    static let titlePrefix = "Phiếu chấm của "

    /// The juror's and the campaign's codes in a title written by ``title(juror:campaign:)``, or
    /// nil if the title is not one (codes have no spaces; the name between them may hold anything).
    public static func parseTitle(_ title: String) -> (juror: String, campaign: String)? {
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard title.hasPrefix(titlePrefix) else { return nil }
        let rest = title.dropFirst(titlePrefix.count)
        guard let first = rest.range(of: " – "), let last = rest.range(of: " – ", options: .backwards) else { return nil }
        let juror = String(rest[..<first.lowerBound])
        let campaign = String(rest[last.upperBound...])
        guard !juror.isEmpty, !campaign.isEmpty, !juror.contains(" "), !campaign.contains(" ") else { return nil }
        return (juror, campaign)
    }
}
