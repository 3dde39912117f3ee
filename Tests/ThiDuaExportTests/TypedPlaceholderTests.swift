import Foundation
import Testing
import ThiDuaExport
import ThiDuaODF

/// A placeholder typed as plain text (issue 12, item 8) instead of LibreOffice's placeholder
/// field: a field the document fills is refused, any other `<…>` warned about, each with the
/// template, the line, the paragraph and how to insert a real placeholder.
@Suite struct TypedPlaceholderTests {
    let schema = TemplateTests.schema

    func compile(_ body: String, name: String = "mau.fodt") throws(TemplateFailure) -> CompiledTemplate {
        try ODFTemplate(flat: Array(TemplateTests.document(body).utf8), name: name).compile(schema)
    }

    func refusal(_ body: String) -> TemplateFailure? {
        do {
            _ = try compile(body)
            return nil
        } catch {
            return error
        }
    }

    /// The line where `text` starts in the document made of `body`.
    func line(of text: String, in body: String) -> Int {
        let source = TemplateTests.document(body)
        let before = source[..<source.range(of: text)!.lowerBound]
        return before.split(separator: "\n", omittingEmptySubsequences: false).count
    }

    @Test func aKnownFieldTypedAsTextIsRefusedWithWhereAndHow() throws {
        let body = """
            <text:p>\(TemplateTests.placeholder("ten"))</text:p>
            <text:p>Số: &lt;so&gt; ngày 20/12/2024</text:p>
            """
        let failure = try #require(refusal(body))
        #expect(failure.file == "mau.fodt")
        #expect(failure.line == line(of: "Số: &lt;so&gt;", in: body))
        #expect(failure.message == "phần thân văn bản, đoạn “Số: <so> ngày 20/12/2024”: '<so>' được gõ như chữ thường, không phải chỗ giữ chỗ, "
            + "nên văn bản sẽ in nguyên chữ đó thay cho dữ liệu. Xóa chữ đó rồi chèn chỗ giữ chỗ bằng Chèn › Trường › Trường khác… › Hàm › "
            + "Chỗ dành sẵn (Insert › Field › More Fields › Functions › Placeholder), định dạng Văn bản, chỗ dành sẵn <so>")
    }

    @Test func aRequiredFieldTypedAsTextIsNamedAsTypedNotAsMissing() throws {
        // <ten> is required: the message says it was typed, not only that it is missing.
        let failure = try #require(refusal("<text:p>Tặng &lt;ten&gt;</text:p>"))
        #expect(failure.message.hasPrefix("phần thân văn bản, đoạn “Tặng <ten>”: '<ten>' được gõ như chữ thường"))
    }

    @Test func textSplitByFormattingOrEscapedTwiceIsFoundToo() throws {
        // LibreOffice splits a word into spans when part of it is formatted; "&lt;ten&gt;"
        // typed as the letters & l t ; is saved as &amp;lt;ten&amp;gt;.
        let body = """
            <text:p>\(TemplateTests.placeholder("ten"))</text:p>
            <text:p>Ngày <text:span>&lt;s</text:span>o&gt;</text:p>
            <text:p>Gửi &amp;lt;ten&amp;gt;</text:p>
            """
        let failure = try #require(refusal(body))
        let lines = failure.description.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("mau.fodt:\(line(of: "Ngày <text:span>", in: body)): phần thân văn bản, đoạn “Ngày <so>”: '<so>'"))
        #expect(lines[1].hasPrefix("mau.fodt:\(line(of: "Gửi &amp;lt;", in: body)): phần thân văn bản, đoạn “Gửi &lt;ten&gt;”: '&lt;ten&gt;'"))
    }

    @Test func anUnknownNameTypedAsTextIsAWarningAndTheTemplateIsUsed() throws {
        let body = """
            <text:p>\(TemplateTests.placeholder("ten"))</text:p>
            <text:p>Ghi chú: &lt;ghi chú của văn thư&gt;</text:p>
            <text:p>Nếu a &lt; b và c &gt; d: không phải chỗ giữ chỗ</text:p>
            """
        let template = try compile(body)
        #expect(template.warnings.count == 1, "\(template.warnings)")
        let warning = try #require(template.warnings.first)
        #expect(warning.line == line(of: "Ghi chú: &lt;", in: body))
        #expect(warning.description.hasPrefix("mau.fodt:\(warning.line): cảnh báo: phần thân văn bản, đoạn “Ghi chú: <ghi chú của văn thư>”: "
            + "'<ghi chú của văn thư>' là chữ thường và sẽ được in nguyên văn. Nếu đó là chỗ cần điền dữ liệu, xóa chữ đó rồi chèn chỗ giữ chỗ"))
        #expect(warning.description.hasSuffix("; các chỗ giữ chỗ dùng được: <dong>, <ds.stt>, <ds.ten>, <so>, <ten>"))
    }

    @Test func aNameNearAKnownOneIsWarnedWithTheNearOnes() throws {
        let template = try compile("<text:p>\(TemplateTests.placeholder("ten"))</text:p><text:p>Tên: &lt;ten_nguoi&gt;</text:p>")
        #expect(template.warnings.map(\.message).first?.hasSuffix(" (gần giống: <ten>)") == true, "\(template.warnings)")
    }

    @Test func placeholdersInFramesAndHeadersAreNotTypedTextButTypedTextThereIs() throws {
        let source = TemplateTests.head + """
            <office:automatic-styles><style:page-layout style:name="pm1"/></office:automatic-styles>
            <office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">
            <style:header><text:p>Trang của &lt;ten&gt;</text:p></style:header></style:master-page></office:master-styles>
            <office:body><office:text>
            <text:p><draw:frame draw:name="k" text:anchor-type="paragraph" svg:width="10mm" svg:height="10mm"><draw:text-box>\
            <text:p>\(TemplateTests.placeholder("ten"))</text:p></draw:text-box></draw:frame>a &lt; b, c &gt; d</text:p>
            </office:text></office:body></office:document>
            """
        do {
            _ = try ODFTemplate(flat: Array(source.utf8), name: "mau.fodt").compile(schema)
            Issue.record("a field typed in the header was accepted")
        } catch {
            #expect(error.message.hasPrefix("đầu trang, chân trang (trang mẫu), đoạn “Trang của <ten>”: '<ten>'"), "\(error)")
        }
    }

    @Test func theShippedTemplatesHaveNoTypedPlaceholders() throws {
        for (name, schema) in [("giay-khen.fodt", AwardDocuments.certificateSchema), ("giay-khen-in-phoi.fodt", AwardDocuments.certificateSchema),
            ("quyet-dinh.fodt", AwardDocuments.decisionSchema)]
        {
            let source = [UInt8](try Data(contentsOf: AwardDocumentsTests.root.appendingPathComponent("Exports/\(name)")))
            #expect(try ODFTemplate(flat: source, name: name).compile(schema).warnings == [], "\(name)")
        }
    }
}
