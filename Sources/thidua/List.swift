import ArgumentParser
import Foundation
import ThiDuaCore
import ThiDuaServices
import ThiDuaStore

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Liệt kê dữ liệu đã nhập, thành bảng.",
        discussion: "KIND: \(ImportKind.allCases.map(\.rawValue).joined(separator: ", "))."
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Loại dữ liệu.") var kind: ImportKind
    @Option(help: "Chỉ một phong trào (mã). Bắt buộc với assignments và scores nếu có nhiều phong trào.")
    var campaign: String?
    @Flag(help: "Với scores: chỉ điểm đang có hiệu lực (dòng mới nhất của mỗi thành viên, mô hình, tiêu chí).")
    var current = false

    func run() throws {
        let store = try database.open()
        let table = try self.table(store)
        print(table.render())
        print("(\(table.rows.count) dòng)")
    }

    private func table(_ store: Store) throws -> TextTable {
        switch kind {
        case .units:
            var t = TextTable(["Mã", "Tên đơn vị", "Loại", "Đơn vị cha"])
            for u in try store.units() { t.append([u.code, u.name, u.kind.title, u.parent ?? ""]) }
            return t
        case .blocs:
            var t = TextTable(["Mã", "Năm", "Tên khối", "Khối trưởng", "Số thành viên"], alignments: [.left, .left, .left, .left, .right])
            for b in try store.blocs() { t.append([b.code, String(b.year), b.name, b.leader, String(b.members.count)]) }
            return t
        case .campaigns:
            var t = TextTable(["Mã", "Năm", "Tên phong trào", "Bộ tiêu chí", "Hạn báo cáo", "Trạng thái"])
            for c in try store.campaigns() {
                t.append([c.code, String(c.year), c.title, c.criteriaSet, c.reportDeadline?.vietnamese ?? "", c.state.title])
            }
            return t
        case .models:
            var t = TextTable(["Mã", "Đơn vị", "Loại", "Lĩnh vực", "Tên mô hình"])
            for m in try store.models(campaign: campaign) {
                let holder = switch m.holder {
                case .collective: "Tập thể"
                case .individual(let name, _): "Cá nhân: \(name)"
                }
                t.append([m.code, m.unit, holder, m.field.title, m.name])
            }
            return t
        case .pledges:
            var t = TextTable(["Phong trào", "Mã", "Tên giao ước", "Đơn vị chủ trì", "Ngày ký", "Đơn vị ký", "Chỉ tiêu"],
                alignments: [.left, .left, .left, .left, .left, .right, .right])
            for p in try store.pledges(campaign: campaign) {
                t.append([p.campaign, p.code, p.title, p.leader, p.signedOn.vietnamese, String(p.members.count), String(p.targets.count)])
            }
            return t
        case .targets:
            var t = TextTable(["Giao ước", "Mã", "Chỉ tiêu", "Chỉ số", "Đơn vị tính", "Chiều", "Điểm"],
                alignments: [.left, .left, .left, .right, .left, .left, .right])
            for p in try store.pledges(campaign: campaign) {
                for x in p.targets {
                    t.append([p.code, x.code, x.text, number(x.value), x.unitOfMeasure, x.direction.title, number(x.weight)])
                }
            }
            return t
        case .reports:
            var t = TextTable(["Giao ước", "Đơn vị", "Chỉ tiêu", "Kết quả", "Tự chấm", "Chấm lại", "Ngày gửi"],
                alignments: [.left, .left, .left, .right, .right, .right, .left])
            let deadlines = Dictionary(try store.campaigns().map { ($0.code, $0.reportDeadline) }, uniquingKeysWith: { a, _ in a })
            for p in try store.pledges(campaign: campaign) {
                for r in p.reports {
                    let late = deadlines[p.campaign].flatMap { $0 }.map { r.submittedOn > $0 } ?? false
                    t.append([p.code, r.unit, r.target, number(r.actual), number(r.selfScore), r.verifiedScore.map(number) ?? "",
                        r.submittedOn.vietnamese + (late ? " (trễ hạn)" : "")])
                }
            }
            return t
        case .jurors:
            var t = TextTable(["Phong trào", "Mã", "Họ và tên", "Chức vụ", "Đơn vị"])
            for j in try store.jurors(campaign: campaign) { t.append([j.campaign, j.code, j.name, j.title, j.unit ?? ""]) }
            return t
        case .assignments:
            let code = try onlyCampaign(store)
            var t = TextTable(["Thành viên", "Mô hình"])
            for a in try store.assignments(campaign: code) { t.append([a.juror, a.entry]) }
            return t
        case .scores:
            let code = try onlyCampaign(store)
            var t = TextTable(["Thành viên", "Mô hình", "Tiêu chí", "Điểm", "Thời điểm", "Lý do sửa", "Nhận xét"],
                alignments: [.left, .left, .left, .right, .left, .left, .left])
            for s in try store.scores(campaign: code, currentOnly: current) {
                t.append([s.juror, s.entry, s.criterion, number(s.points), s.time.description, s.correctionReason ?? "", s.comment ?? ""])
            }
            return t
        }
    }

    /// The campaign to list: the one given, or the only one that has jurors.
    private func onlyCampaign(_ store: Store) throws -> String {
        if let campaign { return campaign }
        let codes = Set(try store.jurors().map(\.campaign)).sorted()
        guard codes.count == 1 else {
            throw UserError("Cần chọn phong trào bằng --campaign (có: \(codes.isEmpty ? "chưa có phong trào nào có hội đồng" : codes.joined(separator: ", "))).")
        }
        return codes[0]
    }
}

/// A number as Vietnamese documents write it: decimal comma (`97,5`).
func number(_ value: Exact) -> String {
    value.vietnamese
}
