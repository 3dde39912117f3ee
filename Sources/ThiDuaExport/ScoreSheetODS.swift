import Foundation
import ThiDuaCore
import ThiDuaODF

/// A blank score sheet for one juror: the entries assigned to them (without those of their own
/// unit, which they may not score) × the jury criteria, each column headed with its maximum,
/// each cell held to 0…max by content validation.
public enum ScoreSheetODS {
    public static func spreadsheet(
        set: CriteriaSet, campaign: Campaign, juror: Juror, models: [Model], assigned: Set<String>
    ) -> Spreadsheet {
        let criteria = set.criteria.filter(\.isJury)
        let entries = models.filter { assigned.contains($0.code) && $0.unit != juror.unit }.sorted { $0.code < $1.code }
        let validations = criteria.map { c in
            Spreadsheet.Validation(name: "diem_\(c.id)", minimum: "0", maximum: c.max.description, title: "Điểm \(c.id) không hợp lệ",
                message: "Điểm tiêu chí \(c.id) là một số từ 0 đến \(c.max.vietnamese).")
        }
        var sheet = Spreadsheet.Sheet(name: juror.code,
            headers: ["Mã mô hình", "Tên mô hình", "Đơn vị"] + criteria.map { "\($0.id) (0–\($0.max.vietnamese))" } + ["Nhận xét"])
        for m in entries {
            sheet.rows.append([.text(m.code), .text(m.name), .text(m.unit)] + criteria.map { .input(validation: "diem_\($0.id)") } + [.empty])
        }
        return Spreadsheet(sheets: [sheet], title: "Phiếu chấm của \(juror.code) – \(juror.name) – \(campaign.code)", validations: validations)
    }
}
