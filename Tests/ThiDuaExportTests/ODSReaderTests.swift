import Foundation
import Testing
import ThiDuaODF
import ZIPFoundation

/// Building ODS packages by hand for the reader's tests: any content.xml, any entry names,
/// any compression.
enum ODSFixture {
    static let namespaces = """
        xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
        xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
        xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
        xmlns:dc="http://purl.org/dc/elements/1.1/" \
        xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
        """

    /// content.xml with `body` inside office:spreadsheet.
    static func content(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document-content \(namespaces) office:version="1.3"><office:body><office:spreadsheet>\(body)</office:spreadsheet></office:body></office:document-content>
        """
    }

    static func meta(title: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document-meta \(namespaces) office:version="1.3"><office:meta><dc:title>\(title)</dc:title></office:meta></office:document-meta>
        """
    }

    static func temporaryURL(_ ext: String = "ods") -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).\(ext)")
    }

    /// A ZIP with these entries, in order (mimetype stored, the rest deflated).
    static func package(_ entries: [(String, Data)], to url: URL = temporaryURL()) throws -> URL {
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        for (path, data) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Date(timeIntervalSince1970: 315_532_800),
                compressionMethod: path == "mimetype" ? .none : .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return url
    }

    /// An .ods with this content.xml (and a title, if given).
    static func ods(content: String, title: String? = nil) throws -> URL {
        var entries: [(String, Data)] = [
            ("mimetype", Data("application/vnd.oasis.opendocument.spreadsheet".utf8)),
            ("content.xml", Data(content.utf8)),
        ]
        if let title { entries.append(("meta.xml", Data(meta(title: title).utf8))) }
        return try package(entries)
    }

    /// Rewrites the unpacked size an entry declares, in its local header and in the central directory.
    static func forgeUncompressedSize(_ url: URL, entry: String, to size: UInt32) throws {
        var bytes = [UInt8](try Data(contentsOf: url))
        let name = Array(entry.utf8)
        func put(_ value: UInt32, at offset: Int) {
            for i in 0..<4 { bytes[offset + i] = UInt8((value >> (8 * UInt32(i))) & 0xFF) }
        }
        func u16(_ offset: Int) -> Int { Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 }
        var i = 0
        var patched = 0
        while i + 46 < bytes.count {
            if bytes[i..<i + 4].elementsEqual([0x50, 0x4B, 0x03, 0x04]), u16(i + 26) == name.count,
                bytes[(i + 30)..<(i + 30 + name.count)].elementsEqual(name)
            {
                put(size, at: i + 22)
                patched += 1
            } else if bytes[i..<i + 4].elementsEqual([0x50, 0x4B, 0x01, 0x02]), u16(i + 28) == name.count,
                bytes[(i + 46)..<(i + 46 + name.count)].elementsEqual(name)
            {
                put(size, at: i + 24)
                patched += 1
            }
            i += 1
        }
        precondition(patched == 2, "forged \(patched) headers")
        try Data(bytes).write(to: url)
    }
}

/// The ODS reader: typed cells, repeats, text, and every kind of file it must refuse.
@Suite struct ODSReaderTests {
    func failure(_ body: () throws -> Void) -> ODSReadFailure? {
        do {
            try body()
            return nil
        } catch let failure as ODSReadFailure {
            return failure
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func typedCellsTextAndRepeats() throws {
        let url = try ODSFixture.ods(content: ODSFixture.content("""
            <table:table table:name="Điểm"><table:table-column table:number-columns-repeated="1024"/>\
            <table:table-header-rows><table:table-row><table:table-cell office:value-type="string"><text:p>Mã</text:p></table:table-cell>\
            <table:table-cell office:value-type="string" calcext:value-type="string"><text:p>Hai  <text:span>dòng</text:span><text:s text:c="3"/>x<text:tab/>y</text:p>\
            <text:p>dòng<text:line-break/>ba</text:p></table:table-cell></table:table-row></table:table-header-rows>\
            <table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="float" office:value="17.5"><text:p>17,5</text:p></table:table-cell>\
            <table:table-cell table:number-columns-repeated="3"/>\
            <table:table-cell office:value-type="percentage" office:value="0.25"><text:p>25 %</text:p></table:table-cell>\
            <table:table-cell office:value-type="currency" office:currency="VND" office:value="1500000"><text:p>1.500.000 ₫</text:p></table:table-cell>\
            <table:table-cell office:value-type="date" office:date-value="2024-12-10"><text:p>10/12/2024</text:p></table:table-cell>\
            <table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p></table:table-cell>\
            <table:table-cell office:value-type="time" office:time-value="PT08H45M00S"><text:p>08:45</text:p></table:table-cell>\
            <table:table-cell table:number-columns-spanned="2" office:value-type="float" office:value="1E-3"><text:p>0,001</text:p></table:table-cell>\
            <table:covered-table-cell office:value-type="string"><text:p>ẩn</text:p></table:covered-table-cell>\
            <table:table-cell table:number-columns-repeated="2" office:value-type="string"><text:p>lặp</text:p></table:table-cell>\
            <table:table-cell><office:annotation><dc:creator>X</dc:creator><text:p>chú thích</text:p></office:annotation></table:table-cell>\
            <table:table-cell table:number-columns-repeated="16000"/></table:table-row>\
            <table:table-row table:number-rows-repeated="5"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>\
            <table:table-row><table:table-cell office:value-type="string"><text:p>sau hàng trống</text:p></table:table-cell></table:table-row>\
            <table:table-row table:number-rows-repeated="1048566"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>\
            <table:table table:name="Trống"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>
            """))
        let sheets = try ODSDocument(url: url).sheets()
        #expect(sheets.map(\.name) == ["Điểm", "Trống"])
        #expect(sheets[1].rows.isEmpty)
        let rows = sheets[0].rows
        #expect(rows.map(\.number) == [1, 2, 3, 9])
        #expect(rows[0][2]?.text == "Hai dòng   x\ty\ndòng\nba")
        #expect(rows[0][2]?.value == .string("Hai dòng   x\ty\ndòng\nba"))
        let r = rows[1]
        #expect(r[1] == ODSCell(value: .float("17.5"), text: "17,5", column: 1))
        #expect(r[2]?.value == .empty && r[4]?.value == .empty)
        #expect(r[5]?.value == .percentage("0.25"))
        #expect(r[6]?.value == .currency("1500000", code: "VND"))
        #expect(r[7]?.value == .date("2024-12-10"))
        #expect(r[8]?.value == .boolean(true))
        #expect(r[9]?.value == .time("PT08H45M00S"))
        #expect(r[10]?.value == .float("1E-3"))
        #expect(r[11]?.isCovered == true && r[11]?.value == .string("ẩn"))
        #expect(r[12]?.text == "lặp" && r[13]?.text == "lặp")
        // The comment's cell holds no value; trailing empty cells are not kept.
        #expect(r.cells.count == 13)
        #expect(rows[2].cells == rows[1].cells)
        #expect(rows[3].reference(column: 1) == "Điểm!A9")
        #expect(ODSCell.columnName(28) == "AB" && ODSCell.columnName(16384) == "XFD")
    }

    @Test func metadataTitle() throws {
        let url = try ODSFixture.ods(content: ODSFixture.content(""), title: "Phiếu chấm của GK03 – Lâm Văn Đức – DVK-2024")
        #expect(try ODSDocument(url: url).metadata().title == "Phiếu chấm của GK03 – Lâm Văn Đức – DVK-2024")
    }

    @Test func notAZip() throws {
        let url = ODSFixture.temporaryURL()
        try Data("campaign,juror,entry\nDVK-2024,GK03,MH-01\n".utf8).write(to: url)
        let failure = failure { _ = try ODSDocument(url: url, name: "phieu.ods") }
        #expect(failure?.kind == .notZip)
        #expect(failure?.description == "phieu.ods: cần một bảng tính ODS (tệp nén ZIP), nhưng gặp một tệp văn bản (\"campaign,juror,entry\"); "
            + "tệp CSV thì nhập bằng thidua import KIND FILE.csv")
    }

    @Test func damagedZip() throws {
        let good = try ODSFixture.ods(content: ODSFixture.content(""))
        let bytes = try Data(contentsOf: good)
        let url = ODSFixture.temporaryURL()
        try bytes.prefix(bytes.count / 2).write(to: url)
        let failure = failure { _ = try ODSDocument(url: url, name: "phieu.ods") }
        #expect(failure?.kind == .notZip)
        #expect(failure?.message.contains("tệp nén ZIP bị hỏng") == true)
    }

    @Test func missingContent() throws {
        let url = try ODSFixture.package([
            ("mimetype", Data("application/vnd.oasis.opendocument.spreadsheet".utf8)),
            ("styles.xml", Data("<x/>".utf8)),
        ])
        let failure = failure { _ = try ODSDocument(url: url, name: "phieu.ods") }
        #expect(failure?.kind == .missingPart)
        #expect(failure?.description == "phieu.ods: cần phần content.xml trong gói ODS, nhưng gói chỉ có \"mimetype\", \"styles.xml\"")
    }

    @Test func aTextDocumentIsNotASpreadsheet() throws {
        let url = try ODSFixture.package([
            ("mimetype", Data("application/vnd.oasis.opendocument.text".utf8)),
            ("content.xml", Data("<x/>".utf8)),
        ])
        let failure = failure { _ = try ODSDocument(url: url, name: "quyet-dinh.ods") }
        #expect(failure?.description == "quyet-dinh.ods: cần một bảng tính ODS (mimetype application/vnd.oasis.opendocument.spreadsheet), "
            + "nhưng gặp văn bản ODT (\"application/vnd.oasis.opendocument.text\")")
    }

    @Test func parentPathEntry() throws {
        let url = try ODSFixture.package([("content.xml", Data(ODSFixture.content("").utf8)), ("../evil", Data("x".utf8))])
        let failure = failure { _ = try ODSDocument(url: url, name: "phieu.ods") }
        #expect(failure?.kind == .unsafePath)
        #expect(failure?.description == "phieu.ods: cần các mục có đường dẫn bên trong gói, nhưng gặp mục \"../evil\" "
            + "(có thành phần \"..\" trỏ ra ngoài gói) — không đọc tệp này")
    }

    @Test func absolutePathEntry() throws {
        let url = try ODSFixture.package([("content.xml", Data(ODSFixture.content("").utf8)), ("/tmp/evil", Data("x".utf8))])
        let failure = failure { _ = try ODSDocument(url: url, name: "phieu.ods") }
        #expect(failure?.kind == .unsafePath)
        #expect(failure?.description == "phieu.ods: cần các mục có đường dẫn tương đối bên trong gói, nhưng gặp mục \"/tmp/evil\" "
            + "(đường dẫn tuyệt đối) — không đọc tệp này")
    }

    @Test func zipBombByRatio() throws {
        // 40 MB of spaces packs into about 40 KB: no spreadsheet compresses a thousand to one.
        var xml = Data(ODSFixture.content("").utf8)
        xml.append(Data(repeating: 0x20, count: 40 << 20))
        let url = try ODSFixture.package([("content.xml", xml)])
        let failure = failure { _ = try ODSDocument(url: url, name: "phieu.ods") }
        #expect(failure?.kind == .compressionRatio)
        #expect(failure?.message.hasPrefix("cần tỉ lệ nén hợp lý (tối đa 200:1), nhưng phần \"content.xml\" nén 40 MB thành ") == true)
        #expect(failure?.message.hasSuffix("— không đọc (dấu hiệu \"bom ZIP\")") == true)
    }

    @Test func sizeLimitHoldsWhileUnpackingWhateverTheHeaderSays() throws {
        // The header claims 600 bytes; the data unpacks to 2 MB, past a 1 MB limit.
        var xml = Data(ODSFixture.content("").utf8)
        xml.append(Data((0..<(2 << 20)).map { UInt8(0x61 + $0 % 26) }))
        let url = try ODSFixture.package([("content.xml", xml)])
        try ODSFixture.forgeUncompressedSize(url, entry: "content.xml", to: 600)
        var limits = ODSDocument.Limits()
        limits.maximumPartSize = 1 << 20
        let document = try ODSDocument(url: url, name: "phieu.ods", limits: limits)
        let failure = failure { _ = try document.sheets() }
        #expect(failure?.kind == .tooLarge)
        #expect(failure?.message.hasPrefix("cần mỗi phần của gói không quá 1 MB khi giải nén, nhưng phần \"content.xml\" đã giải ra hơn 1 MB (gói ghi 600 byte)") == true)
    }

    @Test func declaredSizeOverTheLimit() throws {
        let url = try ODSFixture.ods(content: ODSFixture.content(""))
        try ODSFixture.forgeUncompressedSize(url, entry: "content.xml", to: 3_000_000_000)
        let failure = failure { _ = try ODSDocument(url: url, name: "phieu.ods") }
        #expect(failure?.kind == .tooLarge)
        #expect(failure?.description == "phieu.ods: cần mỗi phần của gói không quá 256 MB khi giải nén, nhưng phần \"content.xml\" ghi 2,8 GB — không đọc (có thể là \"bom ZIP\")")
    }

    @Test func doctypeAndEntities() throws {
        let url = try ODSFixture.ods(content: """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE office:document-content [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
            ]>
            <office:document-content \(ODSFixture.namespaces)><office:body><office:spreadsheet><table:table table:name="A">\
            <table:table-row><table:table-cell office:value-type="string"><text:p>&lol3;</text:p></table:table-cell></table:table-row>\
            </table:table></office:spreadsheet></office:body></office:document-content>
            """)
        let failure = failure { _ = try ODSDocument(url: url, name: "phieu.ods").sheets() }
        #expect(failure?.kind == .declarations)
        #expect(failure?.description == "phieu.ods: content.xml dòng 2: cần XML không có khai báo DOCTYPE hay thực thể (tệp ODF không dùng chúng), "
            + "nhưng gặp <!DOCTYPE …> — không đọc (có thể là \"bom XML\")")
    }

    @Test func externalEntityIsNeverFetched() throws {
        let url = try ODSFixture.ods(content: """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE x SYSTEM "http://example.invalid/evil.dtd">
            <office:document-content \(ODSFixture.namespaces)/>
            """)
        let failure = failure { _ = try ODSDocument(url: url, name: "phieu.ods").sheets() }
        #expect(failure?.kind == .declarations)
    }

    @Test func malformedXMLNamesTheLine() throws {
        let url = try ODSFixture.ods(content: """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document-content \(ODSFixture.namespaces)><office:body><office:spreadsheet><table:table table:name="A">
            <table:table-row><table:table-cell office:value-type="string"><text:p>MH-01</text:p></table:table-row>
            </table:table></office:spreadsheet></office:body></office:document-content>
            """)
        let failure = failure { _ = try ODSDocument(url: url, name: "phieu.ods").sheets() }
        #expect(failure?.kind == .malformedXML)
        #expect(failure?.message.hasPrefix("content.xml dòng 3: cần XML đúng cú pháp, nhưng gặp lỗi: Opening and ending tag mismatch") == true)
        #expect(failure?.message.hasSuffix("(tệp có thể bị hỏng hoặc đã bị sửa tay)") == true)
    }

    @Test func notASpreadsheetInside() throws {
        let url = try ODSFixture.ods(content: """
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document-content \(ODSFixture.namespaces)><office:body/></office:document-content>
            """)
        let failure = failure { _ = try ODSDocument(url: url, name: "phieu.ods").sheets() }
        #expect(failure?.kind == .notSpreadsheet)
    }

    @Test func hugeRepeatedRowWithContent() throws {
        let url = try ODSFixture.ods(content: ODSFixture.content("""
            <table:table table:name="GK03"><table:table-row><table:table-cell office:value-type="string"><text:p>Mã</text:p></table:table-cell></table:table-row>\
            <table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="5"><text:p>5</text:p></table:table-cell></table:table-row></table:table>
            """))
        var rows = 0
        let failure = failure { try ODSDocument(url: url, name: "phieu.ods").read { if case .row = $0 { rows += 1 } } }
        #expect(rows == 1)
        #expect(failure?.kind == .tooManyCells)
        #expect(failure?.description == "phieu.ods: GK03!A2: cần một hàng có nội dung lặp lại không quá 10000 lần, "
            + "nhưng hàng này lặp lại 1000000 lần (table:number-rows-repeated) — tệp bất thường, không đọc")
    }

    @Test func hugeRepeatedCellWithContent() throws {
        let url = try ODSFixture.ods(content: ODSFixture.content("""
            <table:table table:name="GK03"><table:table-row><table:table-cell/><table:table-cell table:number-columns-repeated="5000" office:value-type="float" office:value="5">\
            <text:p>5</text:p></table:table-cell></table:table-row></table:table>
            """))
        let failure = failure { _ = try ODSDocument(url: url, name: "phieu.ods").sheets() }
        #expect(failure?.description == "phieu.ods: GK03!B1: cần một ô có nội dung lặp lại không quá 1024 lần, "
            + "nhưng ô này lặp lại 5000 lần (table:number-columns-repeated) — tệp bất thường, không đọc")
    }

    @Test func contentPastTheLastRow() throws {
        let url = try ODSFixture.ods(content: ODSFixture.content("""
            <table:table table:name="GK03"><table:table-row table:number-rows-repeated="1048576"><table:table-cell/></table:table-row>\
            <table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>
            """))
        let failure = failure { _ = try ODSDocument(url: url, name: "phieu.ods").sheets() }
        #expect(failure?.description == "phieu.ods: GK03: cần các hàng có nội dung nằm trong 1048576 hàng đầu, nhưng gặp nội dung ở hàng 1048577")
    }

    @Test func aSpreadsheetWrittenByThiDuaReadsBack() throws {
        var sheet = Spreadsheet.Sheet(name: "GK03", headers: ["Mã mô hình", "A1 (0–20)", "Nhận xét"])
        sheet.rows = [[.text("MH-01"), .number("17.5", shown: "17,5"), .text("Tốt & <đều>")], [.text("MH-02"), .input(validation: "v"), .empty]]
        let url = ODSFixture.temporaryURL()
        try Spreadsheet(sheets: [sheet], title: "Thử", validations: [
            Spreadsheet.Validation(name: "v", minimum: "0", maximum: "20", title: "t", message: "m"),
        ]).write(to: url)
        let document = try ODSDocument(url: url)
        #expect(try document.metadata().title == "Thử")
        let rows = try document.sheets()[0].rows
        #expect(rows.count == 3)
        #expect(rows[1].cells.map(\.value) == [.string("MH-01"), .float("17.5"), .string("Tốt & <đều>")])
        #expect(rows[2].cells.map(\.value) == [.string("MH-02")])
    }
}
