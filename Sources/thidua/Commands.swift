import ArgumentParser
import Foundation
import ThiDuaCore
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
        abstract: "Nhập một tệp CSV. Cả tệp là một giao dịch: có dòng sai thì không nhập gì.",
        discussion: "KIND: \(ImportKind.allCases.map(\.rawValue).joined(separator: ", ")). Định dạng các tệp: xem README."
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Loại dữ liệu.") var kind: ImportKind
    @Argument(help: "Tệp CSV (UTF-8, dấu phẩy hoặc chấm phẩy).") var file: String

    func run() throws {
        let store = try database.open()
        let summary = try importFile(store, kind, file)
        print(summary.line)
    }
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
