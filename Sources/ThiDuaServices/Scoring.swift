import Foundation
import ThiDuaCore
import ThiDuaExport
import ThiDuaODF
import ThiDuaStore

/// Scores one campaign with its criteria set and stores the run; throws a ``UserError`` listing
/// every evaluation error (and stores nothing then).
public func scoreAndStore(_ store: Store, _ code: String, criteriaDirectory: String?) throws -> (set: CriteriaSet, result: ScoringResult, run: Int64) {
    let (_, set) = try campaignAndSet(store, code, criteriaDirectory: criteriaDirectory)
    let input = try store.scoringInput(campaign: code, set: set)
    let result = Engine.score(input)
    let errors = result.errors
    guard errors.isEmpty else {
        throw UserError((errors.map { "\(code): \($0.description)" } + ["\(code): \(errors.count) lỗi khi tính điểm; chưa lưu kết quả nào."])
            .joined(separator: "\n"))
    }
    let now = ISO8601DateFormatter().string(from: Date())
    // The set's file is kept with the run, so that the run is still shown after the file changes.
    try keepCriteriaFile(store, set)
    let run = try store.save(result, inputSHA256: input.sha256, at: now)
    return (set, result, run)
}

/// Reads and loads a criteria file; a file that cannot be read is a ``CriteriaFailure`` too.
public func loadCriteriaSet(path: String) throws(CriteriaFailure) -> CriteriaSet {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CriteriaFailure(file: path, issues: [CriteriaIssue(file: path, line: 1, column: 1, message: "không đọc được tệp")])
    }
    return try CriteriaSet.load(bytes: [UInt8](data), file: path)
}

/// The criteria set with `id`, from a directory of YAML files.
public func findCriteriaSet(_ id: String, in directory: String?) throws -> CriteriaSet {
    let directory = try criteriaDirectory(directory)
    let files = try filesInFolder(directory).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
    var broken: [String] = []
    var found: [CriteriaSet] = []
    for file in files {
        let path = (directory as NSString).appendingPathComponent(file)
        do {
            let set = try loadCriteriaSet(path: path)
            if set.id == id { found.append(set) }
        } catch {
            broken.append(error.description)
        }
    }
    if found.count > 1 {
        throw UserError("Có \(found.count) tệp cùng id '\(id)' trong \(directory)/: \(found.map(\.file).joined(separator: ", ")); mỗi bộ tiêu chí cần một id riêng.")
    }
    if let set = found.first { return set }
    throw UserError("Không có bộ tiêu chí id '\(id)' trong \(directory)/" + (broken.isEmpty ? "." : ". Các tệp lỗi:\n" + broken.joined(separator: "\n")))
}

/// The names of the files in `directory`, sorted; a folder that cannot be read is an error that
/// names it, never an empty list.
public func filesInFolder(_ directory: String) throws -> [String] {
    do {
        return try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    } catch {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
        let why = !exists ? "không có thư mục này" : !isDirectory.boolValue ? "đây là một tệp, không phải thư mục" : "không đọc được (\(error.localizedDescription))"
        throw UserError("Không liệt kê được thư mục \(directory)/: \(why).")
    }
}

public func criteriaDirectory(_ given: String?) throws -> String {
    if let given { return given }
    let candidates = [
        "Criteria",
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Criteria").path,
    ]
    guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
        throw UserError("Không tìm thấy thư mục bộ tiêu chí Criteria/. Chạy từ thư mục dự án hoặc dùng --criteria DIR.")
    }
    return found
}

