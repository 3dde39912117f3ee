import CLibXML2
import Foundation
import Testing
import ThiDuaODF
import ZIPFoundation

/// The ODS writer: the package's structure, typed cells, Vietnamese number styles, widths,
/// repeated header, escaping, the flat .fods form, and every part valid against the OASIS
/// ODF 1.3 schema (in-process, with libxml2's RelaxNG; documents kept small, as it is slow on
/// long tables).
@Suite struct SpreadsheetTests {
    static let schemaDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/odf-schema")

    static var sheet: Spreadsheet {
        Spreadsheet(sheets: [
            Spreadsheet.Sheet(name: "Bằng khen", headers: ["Hạng", "Mô hình", "Tổng điểm"], rows: [
                [.number("1", shown: "1"), .text("Mô hình \"Dân vận khéo\" <xã> & phường"), .number("98.54", shown: "98,54")],
                [.number("2", shown: "2"), .text("MH-14"), .empty],
            ]),
            Spreadsheet.Sheet(name: "KHOI-XP", headers: ["Hạng"], rows: []),
        ], title: "Thử")
    }

    func written() throws -> (URL, Archive) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).ods")
        try Self.sheet.write(to: url)
        return (url, try Archive(url: url, accessMode: .read))
    }

    func read(_ archive: Archive, _ path: String) throws -> [UInt8] {
        var data = Data()
        _ = try archive.extract(archive[path]!) { data.append($0) }
        return [UInt8](data)
    }

    @Test func thePackageHasMimetypeFirstStoredAndAManifestOfExactlyItsParts() throws {
        let (url, archive) = try written()
        let entries = Array(archive)
        #expect(entries.first?.path == "mimetype")
        #expect(entries.first?.isCompressed == false)
        #expect(String(decoding: try read(archive, "mimetype"), as: UTF8.self) == "application/vnd.oasis.opendocument.spreadsheet")
        // The first local header is a bare "mimetype": name length 8, no extra field.
        let head = [UInt8](try Data(contentsOf: url).prefix(38))
        #expect(head[26] == 8 && head[27] == 0 && head[28] == 0 && head[29] == 0)
        #expect(String(decoding: head[30..<38], as: UTF8.self) == "mimetype")
        let manifest = String(decoding: try read(archive, "META-INF/manifest.xml"), as: UTF8.self)
        for part in ["content.xml", "styles.xml", "meta.xml", "settings.xml"] {
            #expect(manifest.contains("manifest:full-path=\"\(part)\""))
        }
        #expect(Set(entries.map(\.path)) == ["mimetype", "META-INF/manifest.xml", "content.xml", "styles.xml", "meta.xml", "settings.xml"])
    }

    @Test func cellsAreTypedAndTextIsEscaped() throws {
        let (_, archive) = try written()
        let content = String(decoding: try read(archive, "content.xml"), as: UTF8.self)
        #expect(content.contains("office:value-type=\"float\" office:value=\"98.54\"><text:p>98,54</text:p>"))
        #expect(content.contains("Mô hình &quot;Dân vận khéo&quot; &lt;xã&gt; &amp; phường"))
        #expect(content.contains("<table:table-header-rows>"))
        #expect(content.contains("style:column-width=\""))
        #expect(content.contains("office:version=\"1.3\""))
        #expect(!content.contains("loext:") && !content.contains("calcext:"))
    }

    @Test func theSameSheetGivesTheSameBytes() throws {
        let (a, _) = try written()
        let (b, _) = try written()
        #expect(try Data(contentsOf: a) == Data(contentsOf: b))
    }

    @Test func everyPartIsValidODF13() throws {
        let schema = Self.schemaDirectory.appendingPathComponent("OpenDocument-v1.3-schema.rng").path
        let manifestSchema = Self.schemaDirectory.appendingPathComponent("OpenDocument-v1.3-manifest-schema.rng").path
        guard FileManager.default.fileExists(atPath: schema) else {
            missing("ODF schema", at: schema)
            return
        }
        let (_, archive) = try written()
        for part in ["content.xml", "styles.xml", "meta.xml", "settings.xml"] {
            #expect(try XMLValidation.validate(try read(archive, part), relaxNG: schema) == [], "\(part)")
        }
        #expect(try XMLValidation.validate(try read(archive, "META-INF/manifest.xml"), relaxNG: manifestSchema) == [])
        // And the check can fail: a cell with an unknown value type is refused.
        let bad = String(decoding: try read(archive, "content.xml"), as: UTF8.self).replacingOccurrences(of: "value-type=\"float\"", with: "value-type=\"so\"")
        #expect(try !XMLValidation.validate(Array(bad.utf8), relaxNG: schema).isEmpty)
    }

    @Test func numbersShowWithAVietnameseDecimalCommaThroughANumberStyle() throws {
        let (_, archive) = try written()
        let content = String(decoding: try read(archive, "content.xml"), as: UTF8.self)
        // One data style per count of decimals used (ranks 0, totals 2), in Vietnamese.
        #expect(content.contains("<number:number-style style:name=\"N2\" number:language=\"vi\" number:country=\"VN\">"
            + "<number:number number:decimal-places=\"2\" number:min-decimal-places=\"2\" number:min-integer-digits=\"1\"/></number:number-style>"))
        #expect(content.contains("<number:number-style style:name=\"N0\" number:language=\"vi\" number:country=\"VN\">"))
        #expect(!content.contains("style:name=\"N1\""))
        // A cell style uses each, and the number cells use the cell style; the value keeps its point.
        #expect(content.contains("<style:style style:name=\"ceN2\" style:family=\"table-cell\" style:data-style-name=\"N2\">"))
        #expect(content.contains("<table:table-cell table:style-name=\"ceN2\" office:value-type=\"float\" office:value=\"98.54\"><text:p>98,54</text:p>"))
        #expect(content.contains("<table:table-cell table:style-name=\"ceN0\" office:value-type=\"float\" office:value=\"1\"><text:p>1</text:p>"))
    }

    @Test func textAndSheetNamesAreEscaped() throws {
        let name = "Khối <A> & \"B\" 'C'"
        let text = "Mô hình \"Dân vận khéo\" <xã> & phường 'Phú Lâm'"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).fods")
        defer { try? FileManager.default.removeItem(at: url) }
        try Spreadsheet(sheets: [Spreadsheet.Sheet(name: name, headers: ["<Tên> & \"mã\""], rows: [[.text(text)]])], title: "A & B")
            .writeFlat(to: url)
        let flat = try String(contentsOf: url, encoding: .utf8)
        #expect(flat.contains("table:name=\"Khối &lt;A&gt; &amp; &quot;B&quot; 'C'\""))
        #expect(flat.contains("<text:p>Mô hình &quot;Dân vận khéo&quot; &lt;xã&gt; &amp; phường 'Phú Lâm'</text:p>"))
        #expect(flat.contains("<text:p>&lt;Tên&gt; &amp; &quot;mã&quot;</text:p>"))
        #expect(flat.contains("<dc:title>A &amp; B</dc:title>"))
        // libxml2 reads back exactly what was written.
        #expect(try Self.attribute("name", of: "table", in: [UInt8](flat.utf8)) == name)
        #expect(try Self.texts(in: [UInt8](flat.utf8)).contains(text))
    }

    @Test func whiteSpaceODFWouldCollapseIsKeptAndControlCharactersAreDropped() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).fods")
        defer { try? FileManager.default.removeItem(at: url) }
        try Spreadsheet(sheets: [Spreadsheet.Sheet(name: "A", headers: ["x"], rows: [
            [.text(" Phú  Lâm\tAn\u{1}\nHòa ")],
        ])]).writeFlat(to: url)
        let flat = try String(contentsOf: url, encoding: .utf8)
        #expect(flat.contains("<text:p><text:s/>Phú <text:s/>Lâm<text:tab/>An</text:p><text:p>Hòa<text:s/></text:p>"))
        #expect(!flat.contains("\u{1}"))
    }

    @Test func theFlatFileHoldsThePackagesElementsAndIsValidODF13() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).fods")
        defer { try? FileManager.default.removeItem(at: url) }
        try Self.sheet.writeFlat(to: url)
        let flat = try [UInt8](Data(contentsOf: url))
        let text = String(decoding: flat, as: UTF8.self)
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document "))
        #expect(text.contains("office:mimetype=\"application/vnd.oasis.opendocument.spreadsheet\""))
        // The same automatic styles and body as the package's content.xml, meta and styles as its parts.
        let (_, archive) = try written()
        let content = String(decoding: try read(archive, "content.xml"), as: UTF8.self)
        let styles = String(decoding: try read(archive, "styles.xml"), as: UTF8.self)
        for (part, element) in [(content, "office:body"), (styles, "office:styles"), (styles, "office:master-styles"),
            (String(decoding: try read(archive, "meta.xml"), as: UTF8.self), "office:meta"),
            (String(decoding: try read(archive, "settings.xml"), as: UTF8.self), "office:settings")] {
            let inPart = Self.slice(element, of: part)
            #expect(inPart != nil && inPart == Self.slice(element, of: text), "\(element)")
        }
        // The flat file's automatic styles are content.xml's, with styles.xml's page layouts first.
        let pageLayouts = try #require(Self.slice("office:automatic-styles", of: styles)).dropFirst("<office:automatic-styles>".count)
            .dropLast("</office:automatic-styles>".count)
        #expect(pageLayouts.contains("<style:page-layout style:name=\"pl0\">"))
        let automatic = try #require(Self.slice("office:automatic-styles", of: content))
        #expect(Self.slice("office:automatic-styles", of: text).map(String.init)
            == automatic.replacingOccurrences(of: "<office:automatic-styles>", with: "<office:automatic-styles>" + pageLayouts))
        // Writing it again gives the same bytes.
        let again = url.appendingPathExtension("2")
        defer { try? FileManager.default.removeItem(at: again) }
        try Self.sheet.writeFlat(to: again)
        #expect(try Data(contentsOf: again) == Data(flat))

        let schema = Self.schemaDirectory.appendingPathComponent("OpenDocument-v1.3-schema.rng").path
        guard FileManager.default.fileExists(atPath: schema) else {
            missing("ODF schema", at: schema)
            return
        }
        #expect(try XMLValidation.validate(flat, relaxNG: schema) == [])
        let bad = text.replacingOccurrences(of: "number:min-integer-digits", with: "number:min-digits")
        #expect(try !XMLValidation.validate(Array(bad.utf8), relaxNG: schema).isEmpty)
    }

    @Test func aLongSheetStreamsIntoAZipEntryThatReadsBackWithItsChecksum() throws {
        // Several deflate buffers' worth, so the entry is written in many pieces.
        var sheet = Spreadsheet.Sheet(name: "Dài", headers: ["STT", "Mô hình", "Điểm"])
        for i in 0..<3_000 {
            sheet.rows.append([.number(String(i), shown: String(i)), .text("Mô hình dân vận khéo số \(i) của phường Phú Lâm"),
                .number("9\(i % 10).5", shown: "9\(i % 10),5")])
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).ods")
        defer { try? FileManager.default.removeItem(at: url) }
        try Spreadsheet(sheets: [sheet]).write(to: url)
        let archive = try Archive(url: url, accessMode: .read)
        // ZIPFoundation checks each entry's CRC-32 as it extracts.
        let content = String(decoding: try read(archive, "content.xml"), as: UTF8.self)
        #expect(content.components(separatedBy: "<table:table-row ").count - 1 == 3_001)
        #expect(content.hasSuffix("</office:document-content>"))
        #expect(content.contains("<text:p>Mô hình dân vận khéo số 2999 của phường Phú Lâm</text:p>"))
        #expect(content.contains("style:name=\"N1\""))
    }

    /// The element named `name`, from its start tag to its end tag, as written.
    static func slice(_ name: String, of document: String) -> Substring? {
        guard let start = document.range(of: "<\(name)"), let end = document.range(of: "</\(name)>") else { return nil }
        return document[start.lowerBound..<end.upperBound]
    }

    /// The first value of attribute `table:name` on an element with local name `element`, read by libxml2.
    static func attribute(_ name: String, of element: String, in document: [UInt8]) throws -> String? {
        try read(document) { reader in
            guard xmlTextReaderNodeType(reader) == 1, String(cString: xmlTextReaderConstLocalName(reader)) == element,
                xmlTextReaderMoveToAttributeNs(reader, name, "urn:oasis:names:tc:opendocument:xmlns:table:1.0") == 1
            else { return nil }
            defer { xmlTextReaderMoveToElement(reader) }
            return String(cString: xmlTextReaderConstValue(reader))
        }.first
    }

    /// Every text node, read by libxml2 (entities resolved).
    static func texts(in document: [UInt8]) throws -> [String] {
        try read(document) { reader in
            xmlTextReaderNodeType(reader) == 3 ? String(cString: xmlTextReaderConstValue(reader)) : nil
        }
    }

    private static func read(_ document: [UInt8], _ visit: (OpaquePointer) -> String?) throws -> [String] {
        let reader = document.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReaderForMemory($0, Int32(buffer.count), "flat.fods", "UTF-8", Int32(XML_PARSE_NONET.rawValue))
            }
        }
        guard let reader else { throw ODFFailure.xml("libxml2 could not read the document") }
        defer { xmlFreeTextReader(reader) }
        var found: [String] = []
        while true {
            let step = xmlTextReaderRead(reader)
            if step == 0 { break }
            if step < 0 { throw ODFFailure.xml("not well-formed XML") }
            if let value = visit(reader) { found.append(value) }
        }
        return found
    }
}
