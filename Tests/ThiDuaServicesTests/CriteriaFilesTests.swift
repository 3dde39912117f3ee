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
