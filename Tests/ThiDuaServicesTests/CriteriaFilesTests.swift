import Foundation
import Testing
import ThiDuaCore
@testable import ThiDuaServices

/// Finding a campaign's criteria set in a folder of YAML files.
@Suite struct CriteriaFilesTests {
    func folder(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-criteria-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: dir).appendingPathComponent(name)) }
        return dir
    }

    @Test func aMissingSetNamesTheFolderAndTheBrokenFiles() throws {
        let dir = try folder(["hong.yaml": "id: [\n"])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let error = try #require(throws: UserError.self) { try findCriteriaSet("DVK", in: dir) }
        #expect(error.description.hasPrefix("Không có bộ tiêu chí id 'DVK' trong \(dir)/. Các tệp lỗi:\n"))
        #expect(error.description.contains("hong.yaml"))
    }

    @Test func anUnreadableFileIsACriteriaFailureAtItsFirstLine() {
        let error = #expect(throws: CriteriaFailure.self) { try loadCriteriaSet(path: "/nonexistent/dvk.yaml") }
        #expect(error?.issues.first?.line == 1)
        #expect(error?.issues.first?.message == "không đọc được tệp")
    }
}

/// A folder that cannot be listed is an error naming it, never "no files".
@Suite struct FolderListingTests {
    @Test func aMissingFolderIsNamed() {
        let error = #expect(throws: UserError.self) { try findCriteriaSet("DVK", in: "/nonexistent/Criteria") }
        #expect(error?.description == "Không liệt kê được thư mục /nonexistent/Criteria/: không có thư mục này.")
    }

    @Test func aFileInPlaceOfTheFolderIsNamed() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-not-a-folder-\(UUID().uuidString)").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let error = #expect(throws: UserError.self) { try filesInFolder(file) }
        #expect(error?.description == "Không liệt kê được thư mục \(file)/: đây là một tệp, không phải thư mục.")
    }

    @Test func theFilesAreSorted() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-listing-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["b.yaml", "a.yaml", "c.csv"] { try Data().write(to: URL(fileURLWithPath: dir).appendingPathComponent(name)) }
        #expect(try filesInFolder(dir) == ["a.yaml", "b.yaml", "c.csv"])
    }
}
