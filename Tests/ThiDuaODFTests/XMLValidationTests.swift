import Foundation
import Testing
@testable import ThiDuaODF

/// The one XML validator, on the documents that used to crash it or pass unnoticed.
@Suite struct XMLValidationTests {
    /// A schema of one element `a` holding an integer, written to a temporary file.
    func schema() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-xsd-\(UUID().uuidString).xsd").path
        let xsd = """
            <?xml version="1.0"?>
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="a" type="xs:integer"/></xs:schema>
            """
        try Data(xsd.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func anEmptyDocumentIsAProblemNotACrash() throws {
        let xsd = try schema()
        defer { try? FileManager.default.removeItem(atPath: xsd) }
        #expect(try XMLValidation.validate([], xsd: xsd) == ["tài liệu rỗng, không phải XML"])
    }

    @Test func eachProblemNamesItsLine() throws {
        let xsd = try schema()
        defer { try? FileManager.default.removeItem(atPath: xsd) }
        #expect(try XMLValidation.validate(Array("<a>12</a>".utf8), xsd: xsd) == [])
        let problems = try XMLValidation.validate(Array("<?xml version=\"1.0\"?>\n<a>mười hai</a>".utf8), xsd: xsd)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("dòng 2: ") == true)
        #expect(try XMLValidation.validate(Array("<a>12".utf8), xsd: xsd) == ["tài liệu không phải XML đúng cú pháp"])
    }

    @Test func aSchemaThatIsNotThereIsAnError() {
        #expect(throws: ODFFailure.self) { try XMLValidation.validate(Array("<a/>".utf8), xsd: "/nonexistent/none.xsd") }
    }
}
