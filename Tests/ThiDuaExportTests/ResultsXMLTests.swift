import CLibXML2
import ThiDuaODF
import Foundation
import Testing
@testable import ThiDuaCore
@testable import ThiDuaExport

/// The XML results against their published schema, validated by libxml2.
@Suite struct ResultsXMLTests {
    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Exports/schema/thidua-results.xsd").path

    static var result: ScoringResult {
        var a = EntryResult(entry: "MH-01", unit: "P-ANPHU", bloc: "KHOI-XP")
        a.criteria = [CriterionResult(id: "A1", max: 20, points: Exact(numerator: 50, denominator: 3), jurors: 7)]
        a.groups = [GroupResult(id: "A", points: Exact(numerator: 50, denominator: 3), capped: false)]
        a.base = Exact(numerator: 50, denominator: 3)
        a.total = a.base
        a.tier = "tot"
        a.tierTitle = "Tốt"
        a.bonuses = [RuleHit(id: "NR", title: "Nhân rộng <ra> \"xã\" & phường", points: 2)]
        a.trace = [TraceLine("A1", "≈16,6667", "trung bình cộng của 3 điểm", ["GK01 15", "GK02 17,5"])]
        var b = EntryResult(entry: "MH-02", unit: "X-MYLOC", bloc: nil)
        b.criteria = [CriterionResult(id: "A1", max: 20, points: nil, jurors: 2)]
        b.incomplete = ["A1: 2 thành viên chấm hợp lệ, cần ít nhất 5"]
        var c = EntryResult(entry: "CT", unit: "X-HOALOI", bloc: "KHOI-XP")
        c.targets = [TargetResult(target: "CT1", weight: 15, actual: Exact("92.1")!, attainment: Exact("1.001")!, computed: 15,
            selfScore: 15, verifiedScore: nil, points: 15)]
        c.vetoes = [RuleHit(id: "KL", title: "Kỷ luật", points: 0)]
        c.errors = [EntryError(entry: "CT", item: "D1", message: "chia cho 0")]
        return ScoringResult(campaign: "DVK-2024", criteriaSet: "dvk-mo-hinh", criteriaSetVersion: "2024.1",
            criteriaSetSHA256: String(repeating: "ab", count: 32), entries: [a, b, c])
    }

    @Test func theDocumentIsValidAgainstThePublishedSchema() throws {
        let bytes = try ResultsXML.document(Self.result, run: 7)
        #expect(try XMLValidation.validate(bytes, xsd: Self.schema) == [])
        let text = String(decoding: bytes, as: UTF8.self)
        // Exact numbers as fractions when needed; text escaped by libxml2, Vietnamese kept as is.
        #expect(text.contains("total=\"50/3\""))
        #expect(text.contains("Nhân rộng &lt;ra&gt; &quot;xã&quot; &amp; phường"))
        #expect(text.contains("<incomplete>A1: 2 thành viên chấm hợp lệ, cần ít nhất 5</incomplete>"))
        #expect(text.contains("status=\"error\""))
    }

    /// An incomplete entry's bonus and penalty were never worked out: no `bonus="0"` for it.
    @Test func incompleteEntriesAreWrittenWithBonusZero() throws {
        let text = String(decoding: try ResultsXML.document(Self.result, run: 7), as: UTF8.self)
        let incomplete = try #require(text.split(separator: "\n").first { $0.contains("code=\"MH-02\"") })
        #expect(!incomplete.contains("bonus="))
        #expect(!incomplete.contains("penalty="))
        #expect(!incomplete.contains("total="))
        let ranked = try #require(text.split(separator: "\n").first { $0.contains("code=\"MH-01\"") })
        #expect(ranked.contains("bonus=\"0\" penalty=\"0\""))
    }

    @Test func theSameResultGivesTheSameBytes() throws {
        #expect(try ResultsXML.document(Self.result, run: 7) == (try ResultsXML.document(Self.result, run: 7)))
    }

    @Test func anInvalidDocumentIsRefusedWithItsLine() throws {
        let bytes = try ResultsXML.document(Self.result, run: 7)
        let broken = String(decoding: bytes, as: UTF8.self)
            .replacingOccurrences(of: "status=\"ranked\"", with: "status=\"maybe\"")
            .replacingOccurrences(of: "total=\"50/3\"", with: "total=\"mười sáu\"")
        let problems = try XMLValidation.validate(Array(broken.utf8), xsd: Self.schema)
        #expect(problems.count == 2, "\(problems)")
        #expect(problems.allSatisfy { $0.hasPrefix("dòng 3: ") })
        #expect(problems.contains { $0.contains("maybe") })
        #expect(problems.contains { $0.contains("mười sáu") })
        #expect(try XMLValidation.validate(Array("<results".utf8), xsd: Self.schema) == ["tài liệu không phải XML đúng cú pháp"])
        // An empty document is a finding, not a crash (issue 13).
        #expect(try XMLValidation.validate([], xsd: Self.schema) == ["tài liệu rỗng, không phải XML"])
    }
}
