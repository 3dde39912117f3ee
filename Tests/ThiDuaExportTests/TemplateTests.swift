import Foundation
import Testing
import ThiDuaODF

/// Flat ODF templates: placeholders, repeated paragraphs, rows and pages, strict output, and
/// the mistakes a template can hold.
@Suite struct TemplateTests {
    static let head = """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
        xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
        xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" \
        xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" \
        xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" \
        xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" \
        xmlns:officeooo="http://openoffice.org/2009/office" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
        """

    static func document(_ body: String, automatic: String = "") -> String {
        head + """
            <office:automatic-styles>
            <style:style style:name="P1" style:family="paragraph"><style:paragraph-properties fo:margin-top="0cm" loext:contextual-spacing="false"/></style:style>
            \(automatic)
            </office:automatic-styles>
            <office:body><office:text><text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Table"/></text:sequence-decls>
            \(body)
            </office:text></office:body></office:document>
            """
    }

    static func placeholder(_ name: String) -> String {
        "<text:placeholder text:placeholder-type=\"text\">&lt;\(name)&gt;</text:placeholder>"
    }

    static let schema = TemplateSchema(fields: ["ten", "so"], lists: ["dong": [""], "ds": ["stt", "ten"]],
        required: [("ten", "tên người được khen")])

    func render(_ source: String, pages: [TemplateData], schema: TemplateSchema = Self.schema) throws -> String {
        let template = try ODFTemplate(flat: Array(source.utf8), name: "mau.fodt").compile(schema)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).fodt")
        defer { try? FileManager.default.removeItem(at: url) }
        try template.writeFlat(pages: pages, to: url, title: "Thử")
        return try String(contentsOf: url, encoding: .utf8)
    }

    func failure(_ source: String, schema: TemplateSchema = Self.schema) -> TemplateFailure? {
        do {
            _ = try ODFTemplate(flat: Array(source.utf8), name: "mau.fodt").compile(schema)
            return nil
        } catch {
            return error
        }
    }

    @Test func fieldsAreReplacedAndEscaped() throws {
        let source = Self.document("<text:p text:style-name=\"P1\">Tặng \(Self.placeholder("ten")) số \(Self.placeholder("so"))</text:p>")
        let out = try render(source, pages: [TemplateData(fields: ["ten": "Tổ <script>alert(1)</script> & \"Dân vận\"", "so": "15/QĐ-UBND"])])
        #expect(out.contains("Tặng Tổ &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Dân vận&quot; số 15/QĐ-UBND"))
        #expect(!out.contains("text:placeholder"))
        // Extension namespaces are left out: the output is strict ODF 1.3.
        #expect(!out.contains("loext:"))
        #expect(out.contains("<style:paragraph-properties fo:margin-top=\"0cm\"/>"))
        #expect(out.contains("office:version=\"1.3\""))
        #expect(out.contains("<meta:generator>ThiĐua</meta:generator>"))
    }

    @Test func lineBreaksTabsAndSpacesBecomeODFElements() throws {
        let source = Self.document("<text:p>\(Self.placeholder("ten"))</text:p>")
        let out = try render(source, pages: [TemplateData(fields: ["ten": "Dòng một\nDòng  hai\tcột"])])
        #expect(out.contains("<text:p>Dòng một<text:line-break/>Dòng <text:s text:c=\"1\"/>hai<text:tab/>cột</text:p>"))
    }

    @Test func aListOfLinesRepeatsItsParagraphAndARecordListItsRow() throws {
        let source = Self.document("""
            <text:p>\(Self.placeholder("ten"))</text:p>
            <text:p>- \(Self.placeholder("dong"));</text:p>
            <table:table table:name="DS"><table:table-column/>
            <table:table-row><table:table-cell office:value-type="string"><text:p>\(Self.placeholder("ds.stt"))</text:p><text:p>\(Self.placeholder("ds.ten"))</text:p></table:table-cell></table:table-row>
            </table:table>
            """)
        var data = TemplateData(fields: ["ten": "A"])
        data.setLines("dong", ["Như Điều 3", "Lưu: VT"])
        data.lists["ds"] = [["stt": "1", "ten": "Phường An Phú"], ["stt": "2", "ten": "Xã Hòa Lợi"]]
        let out = try render(source, pages: [data])
        #expect(out.contains("<text:p>- Như Điều 3;</text:p>"))
        #expect(out.contains("<text:p>- Lưu: VT;</text:p>"))
        #expect(out.components(separatedBy: "<table:table-row>").count - 1 == 2)
        #expect(out.contains("<text:p>1</text:p><text:p>Phường An Phú</text:p>"))
        #expect(out.contains("<text:p>2</text:p><text:p>Xã Hòa Lợi</text:p>"))

        // An empty list leaves its paragraph out, and one empty row (a table needs a row).
        let empty = try render(source, pages: [TemplateData(fields: ["ten": "A"], lists: ["dong": [], "ds": []])])
        #expect(!empty.contains("<text:p>- "))
        #expect(empty.components(separatedBy: "<table:table-row>").count - 1 == 1)
        #expect(empty.contains("<table:table-row><table:table-cell office:value-type=\"string\"><text:p></text:p><text:p></text:p></table:table-cell></table:table-row>"))
    }

    @Test func aListOfLinesInsideATableRowRepeatsTheParagraphNotTheRow() throws {
        let source = Self.document("""
            <text:p>\(Self.placeholder("ten"))</text:p>
            <table:table table:name="Ky"><table:table-column/>
            <table:table-row><table:table-cell office:value-type="string"><text:p>Nơi nhận:</text:p><text:p>\(Self.placeholder("dong"))</text:p></table:table-cell></table:table-row>
            </table:table>
            """)
        var data = TemplateData(fields: ["ten": "A"])
        data.setLines("dong", ["Một", "Hai", "Ba"])
        let out = try render(source, pages: [data])
        #expect(out.components(separatedBy: "<table:table-row>").count - 1 == 1)
        #expect(out.contains("<text:p>Nơi nhận:</text:p><text:p>Một</text:p><text:p>Hai</text:p><text:p>Ba</text:p>"))
    }

    @Test func eachPageStartsOnANewPageWithItsOwnFramesAndAnchors() throws {
        let source = Self.document("""
            <text:p text:style-name="P1">\(Self.placeholder("ten"))<draw:frame draw:name="khung" text:anchor-type="paragraph" svg:x="40mm" svg:y="95mm" svg:width="100mm" svg:height="10mm"><draw:text-box><text:p>\(Self.placeholder("so"))</text:p></draw:text-box></draw:frame></text:p>
            <draw:frame draw:name="logo" text:anchor-type="page" text:anchor-page-number="1" svg:x="10mm" svg:y="10mm" svg:width="20mm" svg:height="20mm"><draw:text-box><text:p>Logo</text:p></draw:text-box></draw:frame>
            """)
        let pages = ["Một", "Hai", "Ba"].enumerated().map { TemplateData(fields: ["ten": $0.element, "so": String($0.offset + 1)]) }
        let out = try render(source, pages: pages)
        // The first paragraph keeps its style on page 1 and takes the page-break copy after.
        #expect(out.contains("<text:p text:style-name=\"P1\">Một"))
        #expect(out.contains("<text:p text:style-name=\"ThiDua_trang_moi\">Hai"))
        #expect(out.contains("<text:p text:style-name=\"ThiDua_trang_moi\">Ba"))
        #expect(out.contains("<style:style style:name=\"ThiDua_trang_moi\" style:family=\"paragraph\"><style:paragraph-properties fo:margin-top=\"0cm\" fo:break-before=\"page\"/></style:style>"))
        #expect(out.contains("draw:name=\"khung_2\""))
        #expect(out.contains("text:anchor-page-number=\"3\""))
        // Declarations are written once, not per page.
        #expect(out.components(separatedBy: "<text:sequence-decls>").count - 1 == 1)
    }

    @Test func laterPagesGetTheirOwnIdsAndAFreeStyleName() throws {
        // The template already has a style named like ThiĐua's page-break style, and its first
        // paragraph repeats (a list line): an empty paragraph with the break opens page 2.
        let source = Self.document("""
            <text:p>- \(Self.placeholder("dong"))</text:p>
            <text:p text:style-name="P1">\(Self.placeholder("ten"))</text:p>
            <text:list xml:id="list1"><text:list-item><text:p>Một</text:p></text:list-item></text:list>
            <text:list text:continue-list="list1"><text:list-item><text:p>Hai</text:p></text:list-item></text:list>
            """, automatic: "<style:style style:name=\"ThiDua_trang_moi\" style:family=\"paragraph\"/>")
        var one = TemplateData(fields: ["ten": "A"])
        one.setLines("dong", ["x", "y"])
        let out = try render(source, pages: [one, one])
        let pageTwo = try #require(out.range(of: "<text:p text:style-name=\"ThiDua_trang_moi_2\"/>"))
        #expect(out[pageTwo.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("<text:p>- x</text:p>"))
        #expect(out.components(separatedBy: "<text:p text:style-name=\"ThiDua_trang_moi_2\"/>").count - 1 == 1)
        #expect(out.contains("<style:style style:name=\"ThiDua_trang_moi_2\" style:family=\"paragraph\"><style:paragraph-properties fo:break-before=\"page\"/></style:style>"))
        #expect(out.components(separatedBy: "<text:p>- x</text:p>").count - 1 == 2)
        #expect(out.contains("xml:id=\"list1\""))
        #expect(out.contains("xml:id=\"list1_2\""))
        #expect(out.contains("text:continue-list=\"list1_2\""))
    }

    @Test func theSameInputGivesTheSameBytes() throws {
        let source = Self.document("<text:p>\(Self.placeholder("ten"))</text:p>")
        let template = try ODFTemplate(flat: Array(source.utf8), name: "mau.fodt").compile(Self.schema)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let a = directory.appendingPathComponent("a.odt"), b = directory.appendingPathComponent("b.odt")
        try template.write(pages: [TemplateData(fields: ["ten": "Hòa Lợi"])], to: a)
        try template.write(pages: [TemplateData(fields: ["ten": "Hòa Lợi"])], to: b)
        #expect(try Data(contentsOf: a) == Data(contentsOf: b))
    }

    // MARK: Mistakes

    @Test func anUnknownPlaceholderIsNamedWithItsLine() {
        let source = Self.document("<text:p>\(Self.placeholder("ten"))</text:p>\n<text:p>\(Self.placeholder("tenn"))</text:p>")
        let failure = failure(source)
        #expect(failure?.line == 8)
        #expect(failure?.description.hasPrefix("mau.fodt:8: chỗ giữ chỗ <tenn> không có trong văn bản này (gần giống: <ten>)") == true)
    }

    @Test func aMissingRequiredPlaceholderIsNamed() {
        let failure = failure(Self.document("<text:p>\(Self.placeholder("so"))</text:p>"))
        #expect(failure?.description == "mau.fodt:1: mẫu thiếu chỗ giữ chỗ <ten> (tên người được khen), văn bản cần nó")
    }

    @Test func aPlaceholderNotWrittenAsANameIsRefused() {
        let failure = failure(Self.document("<text:p>\(Self.placeholder("ten"))<text:placeholder text:placeholder-type=\"text\">&lt;Tên người&gt;</text:placeholder></text:p>"))
        #expect(failure?.message == "chỗ giữ chỗ '<Tên người>' không đúng dạng <ten_o> (chữ thường không dấu, chữ số, '_' và '.')")
    }

    @Test func twoListsInOneRowAreRefused() {
        let schema = TemplateSchema(fields: ["ten"], lists: ["a": ["x"], "b": ["y"]])
        let failure = failure(Self.document("""
            <text:p>\(Self.placeholder("ten"))</text:p><table:table><table:table-column/><table:table-row><table:table-cell>\
            <text:p>\(Self.placeholder("a.x")) \(Self.placeholder("b.y"))</text:p></table:table-cell></table:table-row></table:table>
            """), schema: schema)
        #expect(failure?.message == "một dòng bảng hay một đoạn chỉ lặp theo một danh sách, ở đây có cả 'a' và 'b'")
    }

    @Test func aListInAPageHeaderIsRefused() {
        let source = Self.head + """
            <office:master-styles><style:master-page style:name="S"><style:header><text:p>\(Self.placeholder("dong"))</text:p></style:header></style:master-page></office:master-styles>
            <office:body><office:text><text:p>\(Self.placeholder("ten"))</text:p></office:text></office:body></office:document>
            """
        #expect(failure(source)?.message == "chỗ giữ chỗ <dong> của danh sách 'dong' chỉ dùng được trong phần thân văn bản, không trong trang mẫu (đầu trang, chân trang)")
    }

    @Test func notAFlatTextDocumentIsRefused() {
        #expect(failure("<a/>")?.message == "cần một tệp ODF phẳng (.fodt, phần tử gốc office:document), gặp tệp khác")
        let spreadsheet = Self.document("").replacingOccurrences(of: "opendocument.text", with: "opendocument.spreadsheet")
        #expect(failure(spreadsheet)?.message == "cần một văn bản (application/vnd.oasis.opendocument.text), gặp 'application/vnd.oasis.opendocument.spreadsheet'")
        #expect(failure("<office:document")?.message.hasPrefix("không phải XML đúng cú pháp") == true)
        let noBody = Self.head + "</office:document>"
        #expect(failure(noBody)?.message == "mẫu không có phần thân văn bản (office:body/office:text)")
    }

    @Test func entityDeclarationsAreRefused() {
        let bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE office:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            """ + Self.document("<text:p>&b;\(Self.placeholder("ten"))</text:p>").replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", with: "")
        #expect(failure(bomb)?.message == "mẫu không được có khai báo DOCTYPE hay thực thể (entity)")
    }
}
