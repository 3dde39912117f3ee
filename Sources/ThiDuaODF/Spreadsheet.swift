import Foundation

/// A spreadsheet written as ODS: typed cells (numbers are numbers), column widths set so that
/// nothing prints as ###, and the header row repeated on every printed page.
///
/// ```swift
/// var sheet = Spreadsheet.Sheet(name: "Bằng khen", headers: ["Hạng", "Mô hình"])
/// sheet.rows.append([.number("1", shown: "1"), .text("MH-05")])
/// try Spreadsheet(sheets: [sheet]).write(to: url)
/// ```
public struct Spreadsheet: Sendable {
    public enum Cell: Sendable, Hashable {
        case text(String)
        /// A number: `value` as ODF writes it (a point: `97.5`), `shown` as people read it (`97,5`).
        case number(String, shown: String)
        case empty
        /// An empty cell to fill in, held to a ``Validation`` by its name.
        case input(validation: String)
    }

    /// A rule a cell's content must keep: a decimal number from `minimum` to `maximum` (as ODF
    /// writes numbers, with a point), or empty; LibreOffice stops any other input with `message`.
    public struct Validation: Sendable {
        public var name: String
        public var minimum: String
        public var maximum: String
        public var title: String
        public var message: String

        public init(name: String, minimum: String, maximum: String, title: String, message: String) {
            self.name = name
            self.minimum = minimum
            self.maximum = maximum
            self.title = title
            self.message = message
        }
    }

    public struct Sheet: Sendable {
        public var name: String
        public var headers: [String]
        public var rows: [[Cell]]

        public init(name: String, headers: [String], rows: [[Cell]] = []) {
            self.name = name
            self.headers = headers
            self.rows = rows
        }
    }

    public var sheets: [Sheet]
    public var title: String?
    public var validations: [Validation]

    public init(sheets: [Sheet], title: String? = nil, validations: [Validation] = []) {
        self.sheets = sheets
        self.title = title
        self.validations = validations
    }

    /// Writes the spreadsheet as an ODS package; `content.xml` streams into its ZIP entry as it
    /// is written, so memory stays near the rows themselves however long the sheets.
    public func write(to url: URL) throws(ODFFailure) {
        let layout = Layout(self)
        try ODFPackage.write(.spreadsheet, streaming: [
            ODFStreamedPart(path: "content.xml") { w in
                root(w, "office:document-content")
                writeAutomaticStyles(w, layout)
                writeBody(w)
                w.end()
            },
            ODFStreamedPart(path: "styles.xml") { w in
                root(w, "office:document-styles")
                writeStyles(w)
                w.start("office:automatic-styles")
                writePageLayout(w)
                w.end()
                writeMasterStyles(w)
                w.end()
            },
            ODFStreamedPart(path: "meta.xml") { w in
                root(w, "office:document-meta")
                writeMeta(w)
                w.end()
            },
        ], to: url)
    }

    /// Writes the spreadsheet as one flat ODF file (`.fods`): the same elements as the package's
    /// parts, in one `office:document`.
    public func writeFlat(to url: URL) throws(ODFFailure) {
        let layout = Layout(self)
        try ODFFlatFile.write(to: url) { w in
            root(w, "office:document")
            w.attribute("office:mimetype", ODFPackage.Kind.spreadsheet.rawValue)
            writeMeta(w)
            writeStyles(w)
            writeAutomaticStyles(w, layout, pageLayout: true)
            writeMasterStyles(w)
            writeBody(w)
            w.end()
        }
    }

    private func root(_ w: StreamingXMLWriter, _ name: String) {
        w.start(name)
        ODFNamespace.declare(w)
        w.attribute("office:version", "1.3")
    }

    /// What the automatic styles need from every cell, found in one pass: each column's widest
    /// text and the decimal places of the numbers.
    struct Layout {
        /// Column widths in centimetres, per sheet.
        var widths: [[Double]]
        /// Decimal places used by `.number` cells, in order.
        var decimals: [Int]

        init(_ spreadsheet: Spreadsheet) {
            var used = Set<Int>()
            widths = spreadsheet.sheets.map { sheet in
                // Widest text in characters; a text no longer in UTF-8 bytes than the widest so
                // far cannot be wider, so most cells are never counted character by character.
                var longest = sheet.headers.map(\.count)
                func measure(_ c: Int, _ text: String) {
                    if text.utf8.count > longest[c] { longest[c] = max(longest[c], text.count) }
                }
                for row in sheet.rows {
                    for (c, cell) in row.enumerated() {
                        switch cell {
                        case .text(let t):
                            if c < longest.count { measure(c, t) }
                        case .number(let value, let shown):
                            used.insert(Spreadsheet.decimals(value))
                            if c < longest.count { measure(c, shown) }
                        case .empty, .input:
                            break
                        }
                    }
                }
                return longest.map { min(18, max(1.5, Double($0) * 0.25 + 0.6)) }
            }
            decimals = used.sorted()
        }
    }

    /// Digits after the point in a number as ODF writes it (`98.54` → 2).
    static func decimals(_ value: String) -> Int {
        guard let point = value.utf8.firstIndex(of: UInt8(ascii: ".")) else { return 0 }
        return value.utf8[value.utf8.index(after: point)...].prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
    }

    /// The data style of numbers with `decimals` places, and the cell style that uses it.
    static func numberStyle(_ decimals: Int) -> String { "N\(decimals)" }
    static func numberCellStyle(_ decimals: Int) -> String { "ceN\(decimals)" }

    /// Printing: A4 landscape, every column on one page's width (as many pages down as the rows
    /// need), the header row repeated on each.
    func writePageLayout(_ w: StreamingXMLWriter) {
        w.start("style:page-layout")
        w.attribute("style:name", "A4ngang")
        w.start("style:page-layout-properties")
        w.attribute("fo:page-width", "29.7cm")
        w.attribute("fo:page-height", "21cm")
        w.attribute("style:print-orientation", "landscape")
        for side in ["top", "bottom", "left", "right"] { w.attribute("fo:margin-\(side)", "1.5cm") }
        w.attribute("style:scale-to-X", "1")
        w.end()
        w.end()
    }

    func writeMasterStyles(_ w: StreamingXMLWriter) {
        w.start("office:master-styles")
        w.start("style:master-page")
        w.attribute("style:name", "Default")
        w.attribute("style:page-layout-name", "A4ngang")
        w.end()
        w.end()
    }

    func writeAutomaticStyles(_ w: StreamingXMLWriter, _ layout: Layout, pageLayout: Bool = false) {
        w.start("office:automatic-styles")
        if pageLayout { writePageLayout(w) }
        for (s, widths) in layout.widths.enumerated() {
            for (c, width) in widths.enumerated() {
                w.start("style:style")
                w.attribute("style:name", "co\(s)_\(c)")
                w.attribute("style:family", "table-column")
                w.start("style:table-column-properties")
                w.attribute("style:column-width", String(format: "%.2fcm", width))
                w.end()
                w.end()
            }
        }
        // Numbers shown the Vietnamese way (98,54) whatever the reader's locale: a number style
        // in Vietnamese per count of decimals, fixed to that count so 97,50 keeps its zero.
        for d in layout.decimals {
            w.start("number:number-style")
            w.attribute("style:name", Self.numberStyle(d))
            w.attribute("number:language", "vi")
            w.attribute("number:country", "VN")
            w.start("number:number")
            w.attribute("number:decimal-places", String(d))
            w.attribute("number:min-decimal-places", String(d))
            w.attribute("number:min-integer-digits", "1")
            w.end()
            w.end()
            w.start("style:style")
            w.attribute("style:name", Self.numberCellStyle(d))
            w.attribute("style:family", "table-cell")
            w.attribute("style:data-style-name", Self.numberStyle(d))
            w.end()
        }
        w.start("style:style")
        w.attribute("style:name", "header")
        w.attribute("style:family", "table-cell")
        w.start("style:text-properties")
        w.attribute("fo:font-weight", "bold")
        w.end()
        w.end()
        w.end()
    }

    func writeBody(_ w: StreamingXMLWriter) {
        w.start("office:body")
        w.start("office:spreadsheet")
        if !validations.isEmpty {
            w.start("table:content-validations")
            for v in validations {
                w.start("table:content-validation")
                w.attribute("table:name", v.name)
                w.attribute("table:condition", "of:cell-content-is-decimal-number() and of:cell-content-is-between(\(v.minimum);\(v.maximum))")
                w.attribute("table:allow-empty-cell", "true")
                w.start("table:error-message")
                w.attribute("table:display", "true")
                w.attribute("table:message-type", "stop")
                w.attribute("table:title", v.title)
                Self.paragraphs(w, v.message)
                w.end()
                w.end()
            }
            w.end()
        }
        for (s, sheet) in sheets.enumerated() {
            w.start("table:table")
            w.attribute("table:name", sheet.name)
            for c in sheet.headers.indices {
                w.start("table:table-column")
                w.attribute("table:style-name", "co\(s)_\(c)")
                w.end()
            }
            // Repeated at the top of every printed page.
            w.start("table:table-header-rows")
            w.start("table:table-row")
            for header in sheet.headers {
                w.start("table:table-cell")
                w.attribute("table:style-name", "header")
                w.attribute("office:value-type", "string")
                Self.paragraphs(w, header)
                w.end()
            }
            w.end()
            w.end()
            for row in sheet.rows {
                w.start("table:table-row")
                for cell in row {
                    w.start("table:table-cell")
                    switch cell {
                    case .text(let t):
                        w.attribute("office:value-type", "string")
                        Self.paragraphs(w, t)
                    case .number(let value, let shown):
                        w.attribute("table:style-name", Self.numberCellStyle(Self.decimals(value)))
                        w.attribute("office:value-type", "float")
                        w.attribute("office:value", value)
                        Self.paragraphs(w, shown)
                    case .empty:
                        break
                    case .input(let validation):
                        w.attribute("table:content-validation-name", validation)
                    }
                    w.end()
                }
                w.end()
            }
            w.end()
        }
        w.end()
        w.end()
    }

    func writeStyles(_ w: StreamingXMLWriter) {
        w.start("office:styles")
        w.start("style:default-style")
        w.attribute("style:family", "table-cell")
        w.start("style:text-properties")
        w.attribute("fo:font-family", "Times New Roman")
        w.attribute("fo:font-size", "12pt")
        w.end()
        w.end()
        w.end()
    }

    func writeMeta(_ w: StreamingXMLWriter) {
        w.start("office:meta")
        w.element("meta:generator", "ThiĐua")
        if let title { w.element("dc:title", title) }
        w.end()
    }

    /// Text as ODF paragraphs: a line each, with the white space ODF would otherwise collapse
    /// (runs of spaces, spaces at either end, tabs) kept as `text:s` and `text:tab`.
    static func paragraphs(_ w: StreamingXMLWriter, _ text: String) {
        guard needsWhiteSpaceElements(text) else {
            w.element("text:p", text)
            return
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            w.start("text:p")
            var plain = ""
            var spaces = 0
            var atStart = true
            func flushSpaces(atEnd: Bool) {
                guard spaces > 0 else { return }
                // One plain space between words; the rest, or all of them at an edge, as text:s.
                var kept = spaces
                if !atStart && !atEnd {
                    plain.append(" ")
                    kept -= 1
                }
                if kept > 0 {
                    w.text(plain)
                    plain = ""
                    w.start("text:s")
                    if kept > 1 { w.attribute("text:c", String(kept)) }
                    w.end()
                }
                spaces = 0
            }
            for ch in line.unicodeScalars {
                switch ch {
                case " ":
                    spaces += 1
                case "\t":
                    flushSpaces(atEnd: false)
                    w.text(plain)
                    plain = ""
                    w.start("text:tab")
                    w.end()
                    atStart = false
                case "\r":
                    continue
                default:
                    flushSpaces(atEnd: false)
                    plain.unicodeScalars.append(ch)
                    atStart = false
                }
            }
            flushSpaces(atEnd: true)
            w.text(plain)
            w.end()
        }
    }

    /// Whether `text` holds white space a plain `text:p` would lose.
    private static func needsWhiteSpaceElements(_ text: String) -> Bool {
        var previous: UInt8 = 0x20  // a space at the very start counts as a run
        for b in text.utf8 {
            switch b {
            case 0x09, 0x0A, 0x0D: return true
            case 0x20 where previous == 0x20: return true
            default: break
            }
            previous = b
        }
        return previous == 0x20 && !text.isEmpty
    }
}
