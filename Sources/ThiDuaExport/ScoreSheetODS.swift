import Foundation
import ThiDuaCore
import ThiDuaODF

/// A blank score sheet for one juror, to fill on screen or print and sign: the campaign,
/// "PHIẾU CHẤM ĐIỂM" and the juror's name above; the entries assigned to them (without those the
/// set's conflict-of-interest rule keeps from them, whose scores would not count) by code, name
/// and unit name × the jury criteria, each column headed with its title and range; below, the
/// count of entries and room for the date, the juror's signature and name. Each score cell is
/// held to 0…max and the criterion's step by content validation (``Spreadsheet/Validation``).
public enum ScoreSheetODS {
    /// `units` names the entries' units and is the tree the set's `conflicts: unit_tree` reads.
    public static func spreadsheet(
        set: CriteriaSet, campaign: Campaign, juror: Juror, models: [Model], assigned: Set<String>, units: [ThiDuaCore.Unit] = []
    ) -> Spreadsheet {
        let criteria = set.criteria.filter(\.isJury)
        let conflicts = ConflictOfInterest(set, units: units)
        let unitNames = Dictionary(units.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let entries = models.filter { assigned.contains($0.code) && !conflicts.excludes(jurorUnit: juror.unit, entryUnit: $0.unit) }
            .sorted { $0.code < $1.code }
        let validations = criteria.map { c in
            let range = "từ 0 đến \(c.max.vietnamese), bước \(step(c).vietnamese)"
            return Spreadsheet.Validation(name: "diem_\(c.id)", minimum: "0", maximum: c.max.description, step: step(c).description,
                title: "Điểm \(c.id) không hợp lệ", message: "Điểm tiêu chí \(c.id) là một số \(range).",
                helpTitle: "Điểm \(c.id)", help: "Điểm \(range); để trống nếu chưa chấm.")
        }
        let headers = headers(set)
        let columns = headers.count
        let steps = Set(criteria.map(step))
        let stepText = steps.count == 1 ? "bước \(steps.first!.vietnamese)" : "theo bước của từng tiêu chí"
        var sheet = Spreadsheet.Sheet(name: juror.code, headers: headers,
            titles: [
                .init(campaign.title, .bold),
                .init("PHIẾU CHẤM ĐIỂM", .heading),
                .init("Thành viên hội đồng: \(juror.name)" + (juror.title.isEmpty ? "" : " – \(juror.title)") + " (mã \(juror.code))"),
                .init("Mỗi tiêu chí chấm từ 0 đến điểm tối đa ghi ở đầu cột, \(stepText); để trống ô chưa chấm.", .italic),
            ],
            // One row, which a page never splits: the count at the left, the signature block at the right.
            footer: [
                .init([
                    .init(columns: 0..<3, [.init(footerLead + String(entries.count), .italic)]),
                    .init(columns: 3..<columns, [
                        .init("Ngày …… tháng …… năm 20……", .italic), .init("THÀNH VIÊN HỘI ĐỒNG", .bold),
                        .init("(Ký và ghi rõ họ tên)", .italic), .init(""), .init(""), .init(""), .init(juror.name, .bold),
                    ]),
                ])
            ],
            // Room to write a score in each criterion's column, and a comment in the last.
            minimumWidths: Dictionary(uniqueKeysWithValues: (3..<3 + criteria.count).map { ($0, 2.3) } + [(columns - 1, 4.0)]))
        for m in entries {
            sheet.rows.append([.text(m.code), .text(m.name), .text(unitNames[m.unit] ?? m.unit)]
                + criteria.map { .input(validation: "diem_\($0.id)") } + [.empty])
        }
        return Spreadsheet(sheets: [sheet], title: title(juror: juror, campaign: campaign), validations: validations)
    }

    /// The first footer line begins with this, in column A: ``ScoreSheetImport`` reads no entry from there on.
    public static let footerLead = "Số mô hình trên phiếu: "

    /// The step a juror scores a criterion in (1 for a criterion that is not the jury's).
    static func step(_ criterion: Criterion) -> Exact {
        if case .jury(let step) = criterion.source { return step }
        return Exact(1)
    }

    /// The header row: the entry's code, name and unit, a column per jury criterion with its
    /// title and range (`A1. Tính mới, sáng tạo của mô hình (0–20)`), then the comment.
    public static func headers(_ set: CriteriaSet) -> [String] {
        ["Mã mô hình", "Tên mô hình", "Đơn vị"] + set.criteria.filter(\.isJury).map(header) + ["Nhận xét"]
    }

    /// `A1. Tính mới, sáng tạo của mô hình (0–20)`.
    public static func header(_ criterion: Criterion) -> String {
        "\(criterion.id). \(criterion.title) \(range(criterion))"
    }

    /// The header of sheets written before the criteria's titles were shown: `A1 (0–20)`, still read.
    public static func shortHeader(_ criterion: Criterion) -> String {
        "\(criterion.id) \(range(criterion))"
    }

    /// `(0–20)`.
    static func range(_ criterion: Criterion) -> String { "(0–\(criterion.max.vietnamese))" }

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
