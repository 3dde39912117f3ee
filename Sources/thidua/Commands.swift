import ArgumentParser
import Foundation
import ThiDuaCore
import ThiDuaServices
import ThiDuaStore

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Tạo cơ sở dữ liệu mới (hoặc nâng cấp cơ sở dữ liệu cũ).")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        _ = try database.open()
        print("Đã khởi tạo cơ sở dữ liệu \(database.db)")
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Nhập một tệp CSV, hoặc phiếu chấm đã điền (.ods). Cả tệp là một giao dịch: có dòng sai thì không nhập gì.",
        discussion: """
            KIND: \(ImportKind.allCases.map(\.rawValue).joined(separator: ", ")), decisions. Định dạng các tệp: xem README.
            Phiếu chấm: thidua import scores phieu-cham-DVK-2024-GK03.ods (phiếu do thidua export sheets xuất, đã điền điểm).
            Cấu hình khen thưởng (số, ngày quyết định, căn cứ, nơi nhận, người ký): thidua import decisions khen-thuong-DVK-2024.yaml.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Loại dữ liệu.") var kind: ImportTarget
    @Argument(help: "Tệp CSV (UTF-8, dấu phẩy hoặc chấm phẩy), hoặc phiếu chấm .ods với scores.") var file: String
    @Option(help: "Phiếu chấm .ods: mã phong trào, khi tiêu đề tài liệu không ghi (phải trùng nếu có ghi).") var campaign: String?
    @Option(help: "Phiếu chấm .ods: thời điểm chấm, dạng 2024-12-10 08:45 (mặc định: lúc phiếu được lưu lần cuối).")
    var scoredAt: String?
    @Option(help: "Phiếu chấm .ods: lý do sửa, ghi cùng mỗi điểm khác điểm đã có.") var reason: String?
    @Option(help: "Phiếu chấm .ods: thư mục bộ tiêu chí (mặc định Criteria/ của dự án).") var criteria: String?

    func run() throws {
        let csvKind: ImportKind
        switch kind {
        case .decisions:
            let store = try database.open()
            let decisions = try importDecisions(store, path: file)
            print("\(file): cấu hình khen thưởng của \(decisions.campaign) — \(decisions.decisions.count) quyết định ("
                + decisions.decisions.map(\.award).joined(separator: ", ") + ")")
            return
        case .csv(let k):
            csvKind = k
        }
        if file.lowercased().hasSuffix(".ods") {
            guard csvKind == .scores else {
                throw UserError("\(file): từ bảng tính .ods chỉ nhập được phiếu chấm điểm (thidua import scores \(file)); "
                    + "dữ liệu \(csvKind.rawValue) thì lưu thành CSV UTF-8 rồi nhập.")
            }
            let store = try database.open()
            let options = ScoreSheetOptions(campaign: campaign, scoredAt: scoredAt, reason: reason, criteria: criteria)
            print(try importScoreSheet(store, path: file, options).line)
            return
        }
        let odsOnly = [("--campaign", campaign), ("--scored-at", scoredAt), ("--reason", reason), ("--criteria", criteria)]
        if let (name, _) = odsOnly.first(where: { $0.1 != nil }) {
            throw ValidationError("Tùy chọn \(name) chỉ dùng khi nhập phiếu chấm .ods; với CSV, ghi trong các cột của tệp.")
        }
        let store = try database.open()
        let summary = try importFile(store, csvKind, file)
        print(summary.line)
    }
}

/// What `thidua import` takes: a CSV kind, or `decisions` (a campaign's award configuration, YAML).
enum ImportTarget: ExpressibleByArgument, Equatable {
    case csv(ImportKind)
    case decisions

    init?(argument: String) {
        if argument == "decisions" {
            self = .decisions
        } else if let kind = ImportKind(rawValue: argument) {
            self = .csv(kind)
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { ImportKind.allCases.map(\.rawValue) + ["decisions"] }
}

/// Imports one file, showing progress on a terminal when it takes more than two seconds.
func importFile(_ store: Store, _ kind: ImportKind, _ path: String) throws -> ImportSummary {
    guard isatty(2) == 1 else {
        return try store.importCSV(kind, from: URL(fileURLWithPath: path), name: path)
    }
    let started = Date()
    let progress: @Sendable (Int, Int) -> Void = { rows, _ in
        let seconds = Date().timeIntervalSince(started)
        if seconds > 2 {
            FileHandle.standardError.write(Data("\r\(path): đã đọc \(rows) dòng (\(Int(seconds)) giây)…".utf8))
        }
    }
    defer { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    return try store.importCSV(kind, from: URL(fileURLWithPath: path), name: path, progress: progress)
}

extension ImportSummary {
    var line: String {
        "\(file): \(rows) dòng — thêm \(added), cập nhật \(updated), giữ nguyên \(unchanged)"
    }
}
