import Foundation
import Testing
import ThiDuaODF
import ZIPFoundation

/// The ODS writer: the package's structure, typed cells, widths, repeated header, and the
/// parts valid against the OASIS ODF 1.3 schema (in-process, with libxml2's RelaxNG).
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
        for part in ["content.xml", "styles.xml", "meta.xml"] {
            #expect(manifest.contains("manifest:full-path=\"\(part)\""))
        }
        #expect(Set(entries.map(\.path)) == ["mimetype", "META-INF/manifest.xml", "content.xml", "styles.xml", "meta.xml"])
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
            print("SKIP: no ODF schema at \(schema) (../shared is not beside this clone)")
            return
        }
        let (_, archive) = try written()
        for part in ["content.xml", "styles.xml", "meta.xml"] {
            #expect(try RelaxNGValidation.validate(try read(archive, part), schema: schema) == [], "\(part)")
        }
        #expect(try RelaxNGValidation.validate(try read(archive, "META-INF/manifest.xml"), schema: manifestSchema) == [])
        // And the check can fail: a cell with an unknown value type is refused.
        let bad = String(decoding: try read(archive, "content.xml"), as: UTF8.self).replacingOccurrences(of: "value-type=\"float\"", with: "value-type=\"so\"")
        #expect(try !RelaxNGValidation.validate(Array(bad.utf8), schema: schema).isEmpty)
    }
}
