import Foundation
import Testing
import ThiDuaCore
import ThiDuaStore

/// Issue 11, item 4: a model's facts are stored as written, and the criteria set's declared
/// type (`inputs.facts`) decides how they are read; the import guesses nothing.
@Suite struct FactsAsWrittenTests {
    /// models.csv for DVK-2024 of the base dataset: MH-01 and MH-02 with the given facts.
    static func models(_ facts: [String: (String, String)]) -> String {
        let names = facts.keys.sorted()
        var csv = "campaign,code,unit,kind,person_name,person_position,field,name,registered_on,"
            + names.map { "facts.\($0)" }.joined(separator: ",") + "\n"
        csv += "DVK-2024,MH-01,P-ANPHU,collective,,,economy,Mô hình một,15/02/2024," + names.map { facts[$0]!.0 }.joined(separator: ",") + "\n"
        csv += "DVK-2024,MH-02,X-PHULAM,collective,,,economy,Mô hình hai,16/02/2024," + names.map { facts[$0]!.1 }.joined(separator: ",") + "\n"
        return csv
    }

    /// A set with two check criteria: one on a yes/no fact, one on a text fact.
    static let set = """
        id: t
        version: "1"
        title: Thử
        applies_to: model
        round: []
        inputs: { facts: { ky_luat: bool, ghi_chu: text } }
        groups:
          - id: C
            title: C
            criteria:
              - { id: C1, title: Không bị kỷ luật, max: 5, source: check, when: not facts.ky_luat }
              - { id: C2, title: Có ghi chú x, max: 3, source: check, when: 'facts.ghi_chu == "x"' }
        """

    static func score(_ store: Store, _ yaml: String = set) throws -> ScoringResult {
        let set = try CriteriaSet.load(bytes: Array(yaml.utf8), file: "t.yaml")
        let campaign = try #require(try store.campaigns().first { $0.code == "DVK-2024" })
        return Engine.score(ScoringInput(set: set, campaign: campaign, units: try store.units(), blocs: try store.blocs(),
            models: try store.models(campaign: "DVK-2024"), jurors: try store.jurors(campaign: "DVK-2024")))
    }

    @Test func factsXYesCoNoKhongAreNotReadAsYesNoAtImport() throws {
        let store = try baseStore()
        let written = ["x", "yes", "co", "no", "khong", "X", "Có", "KHÔNG", "TRUE", "False"]
        for (i, value) in written.enumerated() {
            _ = try store.importCSV(.models, bytes: Array(Self.models(["f\(i)": (value, value)]).utf8), name: "models.csv")
            let fact = try #require(try store.models(campaign: "DVK-2024").first?.facts["f\(i)"])
            #expect(fact.text == value)
        }
        // Only the four words, in any case, are yes or no.
        let readings = written.map { Model.Fact($0).yesNo }
        #expect(readings == [nil, nil, nil, nil, nil, nil, true, false, true, false])
    }

    @Test func aTextFactHoldingXIsReadAsTextAndTheRunSucceeds() throws {
        let store = try baseStore()
        _ = try store.importCSV(.models, bytes: Array(Self.models(["ky_luat": ("Không", "có"), "ghi_chu": ("x", "yes")]).utf8),
            name: "models.csv")
        let result = try Self.score(store)
        #expect(result.entries.map(\.entry) == ["MH-01", "MH-02"])
        #expect(result.entries.flatMap(\.errors).isEmpty)
        #expect(result.entries[0].total == Exact(8))
        #expect(result.entries[1].total == Exact(0))
    }

    @Test func aYesNoFactHoldingXIsAnErrorAtThatEntryNamingTheFactAndTheValue() throws {
        let store = try baseStore()
        _ = try store.importCSV(.models, bytes: Array(Self.models(["ky_luat": ("x", "false"), "ghi_chu": ("x", "x")]).utf8),
            name: "models.csv")
        let result = try Self.score(store)
        #expect(result.entries[0].errors.map(\.description) == ["MH-01, C1: facts.ky_luat cần đúng/sai (true/false, có/không), gặp \"x\""])
        #expect(result.entries[1].errors.isEmpty)
        #expect(result.entries[1].total == Exact(8))
    }

    @Test func anUndeclaredFactIsReadAsYesNoWhenTheSetDeclaresNone() throws {
        let store = try baseStore()
        _ = try store.importCSV(.models, bytes: Array(Self.models(["ky_luat": ("yes", "KHÔNG")]).utf8), name: "models.csv")
        let result = try Self.score(store, """
            id: t
            version: "1"
            title: Thử
            applies_to: model
            round: []
            groups:
              - id: C
                title: C
                criteria:
                  - { id: C1, title: Không bị kỷ luật, max: 5, source: check, when: not facts.ky_luat }
            """)
        #expect(result.entries[0].errors.map(\.description) == ["MH-01, C1: facts.ky_luat cần đúng/sai (true/false, có/không), gặp \"yes\""])
        #expect(result.entries[1].total == Exact(5))
    }
}
