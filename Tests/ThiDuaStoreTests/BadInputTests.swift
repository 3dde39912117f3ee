import Foundation
import Testing
import ThiDuaStore

/// Each folder of `Fixtures/bad-input` holds one CSV file (named after its kind) and `expected.txt`,
/// what importing it into the base dataset prints. The database must be left exactly as it was.
@Suite struct BadInputTests {
    static let cases: [String] = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.badInput.path).sorted()) ?? []

    @Test func thereAreAtLeastFifteenCases() {
        #expect(Self.cases.count >= 15)
    }

    @Test(arguments: cases)
    func refusedWholeWithEveryProblemNamed(_ name: String) throws {
        let directory = Fixtures.badInput.appendingPathComponent(name)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".csv") }
        try #require(files.count == 1, "one CSV file in \(name)")
        let file = files[0]
        let kind = try #require(ImportKind(rawValue: String(file.dropLast(4))))
        let store = try baseStore()
        let before = try dump(store)

        let output: String
        do {
            let summary = try store.importCSV(kind, from: directory.appendingPathComponent(file), name: "\(name)/\(file)")
            output = "imported: " + summary.text
        } catch let failure as ImportFailure {
            output = failure.description
        }

        let expectedURL = directory.appendingPathComponent("expected.txt")
        if Fixtures.regenerate {
            try (output + "\n").write(to: expectedURL, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(output + "\n" == expected)
        #expect(try dump(store) == before, "the database must be unchanged")
    }
}
