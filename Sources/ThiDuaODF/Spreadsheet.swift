import Foundation

/// A spreadsheet written as ODS: typed cells (numbers are numbers), and each sheet laid out to
/// print as an office hands it out: title lines above the table, a bold header row repeated on
/// every printed page and frozen on screen, thin borders, text wrapped in columns sized to an
/// A4 page at 100 %, and lines below the table (a signature block).
///
/// ```swift
/// var sheet = Spreadsheet.Sheet(name: "Bằng khen", headers: ["Hạng", "Mô hình"])
/// sheet.titles = [.init("DANH SÁCH KHEN THƯỞNG", .heading)]
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

    /// A line of text outside the table (a title above it, a signature block below), centred.
    public struct Line: Sendable, Hashable {
        public enum Emphasis: String, Sendable, Hashable {
            /// 14 pt bold.
            case heading
            case bold
            case italic
            case plain
        }

        public var text: String
        public var emphasis: Emphasis

        public init(_ text: String, _ emphasis: Emphasis = .plain) {
            self.text = text
            self.emphasis = emphasis
        }
    }

    /// A row below the table: blocks of lines, each block in one cell across a range of columns
    /// (from 0). A row is never split between pages, so a signature block that is one block
    /// (the date, the title, room to sign as empty lines, the name) stays whole.
    public struct FooterRow: Sendable, Hashable {
        public struct Block: Sendable, Hashable {
            public var columns: Range<Int>
            public var lines: [Line]

            public init(columns: Range<Int>, _ lines: [Line]) {
                self.columns = columns
                self.lines = lines
            }
        }

        public var blocks: [Block]

        public init(_ blocks: [Block]) {
            self.blocks = blocks
        }
    }

    /// A rule a cell's content must keep, or be empty; LibreOffice and Excel stop any other
    /// input with `message`, and show `help` (headed `helpTitle`) when the cell is selected. With no step: a decimal
    /// number from `minimum` to `maximum` (as ODF writes numbers, with a point); with step 1 a
    /// whole number in that range; with any other step a formula that checks the range and the
    /// step together (see ``condition(base:)``).
    public struct Validation: Sendable {
        public var name: String
        public var minimum: String
        public var maximum: String
        public var step: String?
        public var title: String
        public var message: String
        public var helpTitle: String
        public var help: String?

        public init(name: String, minimum: String, maximum: String, step: String? = nil, title: String, message: String,
            helpTitle: String = "", help: String? = nil)
        {
            self.name = name
            self.minimum = minimum
            self.maximum = maximum
            self.step = step
            self.title = title
            self.message = message
            self.helpTitle = helpTitle
            self.help = help
        }

        /// The ODF condition, spelled as LibreOffice 7.4 keeps it on loading and turns into an
        /// XLSX rule (measured: `of:cell-content-is-decimal-number() and
        /// of:cell-content-is-between(0;20)` is dropped on load; only one `of:` prefix and a
        /// comma survive). A step other than 1 needs a formula, relative to the first cell the
        /// rule holds (`base`, `[.D6]`); LibreOffice drops a formula joined to a "between" by
        /// `and`, so the formula checks the range too. It becomes an XLSX `custom` rule.
        public func condition(base: String) -> String {
            switch step {
            case nil:
                return "of:cell-content-is-decimal-number() and cell-content-is-between(\(minimum),\(maximum))"
            case "1"?:
                return "of:cell-content-is-whole-number() and cell-content-is-between(\(minimum),\(maximum))"
            case let step?:
                let x = "[.\(base)]"
                return "of:is-true-formula(AND(ISNUMBER(\(x));\(x)>=\(minimum);\(x)<=\(maximum);"
                    + "ROUND(\(x)/\(step);6)=ROUND(\(x)/\(step);0)))"
            }
        }
    }

    public struct Sheet: Sendable {
        public var name: String
        public var headers: [String]
        public var rows: [[Cell]]
        /// Lines above the table, each across its width; an empty row separates them from the header.
        public var titles: [Line]
        /// Rows below the table, after an empty row.
        public var footer: [FooterRow]
        /// Widths in centimetres some columns (from 0) need at least, such as room to write a score.
        public var minimumWidths: [Int: Double]

        public init(name: String, headers: [String], rows: [[Cell]] = [], titles: [Line] = [], footer: [FooterRow] = [],
            minimumWidths: [Int: Double] = [:])
        {
            self.name = name
            self.headers = headers
            self.rows = rows
            self.titles = titles
            self.footer = footer
            self.minimumWidths = minimumWidths
        }

        /// The header row's number, from 1: below the titles and the empty row after them.
        public var headerRow: Int { titles.isEmpty ? 1 : titles.count + 2 }
        /// The number of the row that holds `rows[0]`.
        public var firstDataRow: Int { headerRow + 1 }
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
                writeBody(w, layout)
                w.end()
            },
            ODFStreamedPart(path: "styles.xml") { w in
                root(w, "office:document-styles")
                writeStyles(w)
                w.start("office:automatic-styles")
                writePageLayouts(w, layout)
                w.end()
                writeMasterStyles(w)
                w.end()
            },
            ODFStreamedPart(path: "meta.xml") { w in
                root(w, "office:document-meta")
                writeMeta(w)
                w.end()
            },
            ODFStreamedPart(path: "settings.xml") { w in
                root(w, "office:document-settings")
                writeSettings(w)
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
            writeSettings(w)
            writeStyles(w)
            writeAutomaticStyles(w, layout, pageLayouts: true)
            writeMasterStyles(w)
            writeBody(w, layout)
            w.end()
        }
    }

    private func root(_ w: StreamingXMLWriter, _ name: String) {
        w.start(name)
        ODFNamespace.declare(w)
        // The settings' namespace (settings.xml, and the flat file's office:settings).
        w.attribute("xmlns:config", "urn:oasis:names:tc:opendocument:xmlns:config:1.0")
        w.attribute("office:version", "1.3")
    }

    /// Digits after the point in a number as ODF writes it (`98.54` → 2).
    static func decimals(_ value: String) -> Int {
        guard let point = value.utf8.firstIndex(of: UInt8(ascii: ".")) else { return 0 }
        return value.utf8[value.utf8.index(after: point)...].prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
    }

    func writeBody(_ w: StreamingXMLWriter, _ layout: Layout) {
        w.start("office:body")
        w.start("office:spreadsheet")
        if !validations.isEmpty {
            w.start("table:content-validations")
            for v in validations {
                let base = layout.firstCell[v.name] ?? Self.address(sheet: sheets.first?.name ?? "", column: 0, row: 1)
                w.start("table:content-validation")
                w.attribute("table:name", v.name)
                w.attribute("table:condition", v.condition(base: String(base[base.index(after: base.lastIndex(of: ".")!)...])))
                w.attribute("table:allow-empty-cell", "true")
                w.attribute("table:base-cell-address", base)
                if let help = v.help {
                    w.start("table:help-message")
                    w.attribute("table:display", "true")
                    w.attribute("table:title", v.helpTitle)
                    Self.paragraphs(w, help)
                    w.end()
                }
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
            let columns = sheet.headers.count
            w.start("table:table")
            w.attribute("table:name", sheet.name)
            w.attribute("table:style-name", "ta\(s)")
            for c in 0..<columns {
                w.start("table:table-column")
                w.attribute("table:style-name", "co\(s)_\(c)")
                w.end()
            }
            for (i, line) in sheet.titles.enumerated() {
                writeLineRow(w, [(0..<columns, [line])], columns: columns, rowStyle: "ro\(s)_t\(i)")
            }
            if !sheet.titles.isEmpty { writeEmptyRow(w) }
            // Repeated at the top of every printed page.
            w.start("table:table-header-rows")
            w.start("table:table-row")
            w.attribute("table:style-name", "rl\(layout.sheets[s].headerLines)")
            for header in sheet.headers {
                w.start("table:table-cell")
                w.attribute("table:style-name", "header")
                w.attribute("office:value-type", "string")
                Self.paragraphs(w, header)
                w.end()
            }
            w.end()
            w.end()
            for (r, row) in sheet.rows.enumerated() {
                w.start("table:table-row")
                w.attribute("table:style-name", "rl\(layout.sheets[s].rowLines[r])")
                for cell in row { writeCell(w, cell) }
                for _ in row.count..<max(row.count, columns) { writeCell(w, .empty) }
                w.end()
            }
            if !sheet.footer.isEmpty { writeEmptyRow(w) }
            for (i, row) in sheet.footer.enumerated() {
                writeLineRow(w, row.blocks.map { ($0.columns.clamped(to: 0..<columns), $0.lines) }, columns: columns, rowStyle: "ro\(s)_f\(i)")
            }
            w.end()
        }
        w.end()
        w.end()
    }

    private func writeCell(_ w: StreamingXMLWriter, _ cell: Cell) {
        w.start("table:table-cell")
        switch cell {
        case .text(let t):
            w.attribute("table:style-name", "text")
            w.attribute("office:value-type", "string")
            Self.paragraphs(w, t)
        case .number(let value, let shown):
            w.attribute("table:style-name", Self.numberCellStyle(Self.decimals(value)))
            w.attribute("office:value-type", "float")
            w.attribute("office:value", value)
            Self.paragraphs(w, shown)
        case .empty:
            w.attribute("table:style-name", "text")
        case .input(let validation):
            w.attribute("table:style-name", "input")
            w.attribute("table:content-validation-name", validation)
        }
        w.end()
    }

    private func writeEmptyRow(_ w: StreamingXMLWriter) {
        w.start("table:table-row")
        w.start("table:table-cell")
        w.end()
        w.end()
    }

    /// A row of lines outside the table, each block in a cell merged across its columns, none
    /// bordered: one line takes its emphasis from the cell's style, several from their spans.
    private func writeLineRow(_ w: StreamingXMLWriter, _ blocks: [(columns: Range<Int>, lines: [Line])], columns: Int, rowStyle: String) {
        w.start("table:table-row")
        w.attribute("table:style-name", rowStyle)
        var c = 0
        for block in blocks.sorted(by: { $0.columns.lowerBound < $1.columns.lowerBound }) where block.columns.lowerBound >= c {
            if block.columns.isEmpty { continue }
            if block.columns.lowerBound > c {
                w.start("table:table-cell")
                if block.columns.lowerBound - c > 1 { w.attribute("table:number-columns-repeated", String(block.columns.lowerBound - c)) }
                w.end()
            }
            w.start("table:table-cell")
            let single = block.lines.count == 1 ? block.lines[0] : nil
            w.attribute("table:style-name", "line-\((single?.emphasis ?? .plain).rawValue)")
            w.attribute("office:value-type", "string")
            if block.columns.count > 1 { w.attribute("table:number-columns-spanned", String(block.columns.count)) }
            if let single {
                Self.paragraphs(w, single.text)
            } else {
                for line in block.lines {
                    w.start("text:p")
                    if line.emphasis == .plain || line.text.isEmpty {
                        w.text(line.text)
                    } else {
                        w.start("text:span")
                        w.attribute("text:style-name", "tx-\(line.emphasis.rawValue)")
                        w.text(line.text)
                        w.end()
                    }
                    w.end()
                }
            }
            w.end()
            if block.columns.count > 1 {
                w.start("table:covered-table-cell")
                if block.columns.count > 2 { w.attribute("table:number-columns-repeated", String(block.columns.count - 1)) }
                w.end()
            }
            c = block.columns.upperBound
        }
        if c == 0 {
            w.start("table:table-cell")
            w.end()
        }
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
