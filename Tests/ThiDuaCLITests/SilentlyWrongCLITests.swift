import Foundation
import Testing

/// What the command line got silently wrong (issue 11), each named after it.
@Suite struct SilentlyWrongCLITests {
    let cli = CLITests()

    /// Two separate processes write the same documents, byte for byte: results XML, ODS, ODT.
    @Test func outputsAreByteIdenticalAcrossTwoProcesses() throws {
        let examples = CLITests.packageRoot.appendingPathComponent("Examples").path
        let first = try cli.temporaryDirectory()
        let second = try cli.temporaryDirectory()
        for dir in [first, second] {
            let result = try cli.run(["demo", "--out", dir.path, "--examples", examples])
            #expect(result.status == 0, "\(result.err)")
        }
        func documents(_ dir: URL) throws -> [String] {
            let all = FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] ?? []
            return all.filter { ["xml", "ods", "odt", "fods", "fodt", "txt"].contains(($0 as NSString).pathExtension) }.sorted()
        }
        let names = try documents(first)
        #expect(names.contains { $0.hasSuffix(".xml") })
        #expect(names.contains { $0.hasSuffix(".ods") })
        #expect(names.contains { $0.hasSuffix(".odt") })
        #expect(try documents(second) == names)
        for name in names {
            let a = try Data(contentsOf: first.appendingPathComponent(name))
            let b = try Data(contentsOf: second.appendingPathComponent(name))
            #expect(a == b, "\(name) differs between two runs of the demo")
        }
    }

    /// A campaign scored with a criteria set from another folder: `thidua export sheets` needs `--criteria`.
    @Test func exportHasNoCriteriaOption() throws {
        let dir = try cli.temporaryDirectory()
        let data = dir.appendingPathComponent("data")
        let criteria = dir.appendingPathComponent("tieu-chi")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: criteria, withIntermediateDirectories: true)
        let examples = CLITests.packageRoot.appendingPathComponent("Examples")
        for kind in ["units", "blocs", "campaigns", "models", "pledges", "targets", "reports", "jurors", "assignments", "scores"] {
            var text = try String(contentsOf: examples.appendingPathComponent("\(kind).csv"), encoding: .utf8)
            if kind == "campaigns" { text = text.replacingOccurrences(of: ",dvk-mo-hinh,", with: ",dvk-rieng,") }
            try text.write(to: data.appendingPathComponent("\(kind).csv"), atomically: true, encoding: .utf8)
        }
        let set = try String(contentsOf: CLITests.packageRoot.appendingPathComponent("Criteria/dan-van-kheo-mo-hinh.yaml"), encoding: .utf8)
        try set.replacingOccurrences(of: "\nid: dvk-mo-hinh\n", with: "\nid: dvk-rieng\n")
            .write(to: criteria.appendingPathComponent("rieng.yaml"), atomically: true, encoding: .utf8)
        let db = dir.appendingPathComponent("thidua.sqlite").path
        for kind in ["units", "blocs", "campaigns", "models", "pledges", "targets", "reports", "jurors", "assignments", "scores"] {
            let r = try cli.run(["import", kind, data.appendingPathComponent("\(kind).csv").path, "--db", db])
            #expect(r.status == 0, "\(kind): \(r.err)")
        }
        let scored = try cli.run(["score", "--campaign", "DVK-2024", "--criteria", criteria.path, "--db", db])
        #expect(scored.status == 0, "\(scored.err)")
        let out = dir.appendingPathComponent("out").path
        let without = try cli.run(["export", "sheets", "--campaign", "DVK-2024", "--out", out, "--db", db])
        #expect(without.status == 1)
        #expect(without.err.contains("Không có bộ tiêu chí id 'dvk-rieng'"))
        for kind in ["sheets", "list"] {
            let with = try cli.run(["export", kind, "--campaign", "DVK-2024", "--criteria", criteria.path, "--out", out, "--db", db, "--seed", "2024"])
            #expect(with.status == 0, "\(kind): \(with.err)")
        }
    }
}
