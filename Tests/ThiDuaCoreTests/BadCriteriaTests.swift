import Foundation
import Testing
import ThiDuaCore

/// Each `Fixtures/bad-criteria/NAME.yaml` is a small criteria set with deliberate mistakes;
/// `NAME.expected.txt` beside it is what loading it reports, every mistake as
/// `file:line:column: message`. Set `THIDUA_REGENERATE=1` to rewrite the expected files from
/// what the loader does now, then review them with `git diff`.
@Suite struct BadCriteriaTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let folder = here.appendingPathComponent("Fixtures/bad-criteria")
    static let shipped = here.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Criteria")
    static let regenerate = ProcessInfo.processInfo.environment["THIDUA_REGENERATE"] == "1"

    /// The case names: the fixtures' file names without `.yaml`.
    static let cases: [String] = yamlFiles(in: folder).map { String($0.dropLast(5)) }

    static func yamlFiles(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func thereAreAtLeastTwentyFourCases() {
        #expect(Self.cases.count >= 24)
    }

    @Test(arguments: cases)
    func refusedWithEveryMistakeNamed(_ name: String) throws {
        let bytes = Array(try Data(contentsOf: Self.folder.appendingPathComponent("\(name).yaml")))
        let output: String
        do {
            let set = try CriteriaSet.load(bytes: bytes, file: "bad-criteria/\(name).yaml")
            Issue.record("bad-criteria/\(name).yaml loaded as '\(set.id)' but should be refused")
            return
        } catch {
            output = error.description
        }

        let expectedURL = Self.folder.appendingPathComponent("\(name).expected.txt")
        if Self.regenerate {
            try (output + "\n").write(to: expectedURL, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(output + "\n" == expected)
    }

    @Test func shippedSetsLoad() throws {
        let files = Self.yamlFiles(in: Self.shipped)
        #expect(!files.isEmpty, "no criteria sets in \(Self.shipped.path)")
        for file in files {
            let bytes = Array(try Data(contentsOf: Self.shipped.appendingPathComponent(file)))
            do {
                _ = try CriteriaSet.load(bytes: bytes, file: "Criteria/\(file)")
            } catch {
                Issue.record("Criteria/\(file) does not load:\n\(error.description)")
            }
        }
    }
}
