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

    public func write(to url: URL) throws(ODFFailure) {
        try ODFPackage.write(.spreadsheet, parts: [
            ODFPart(path: "content.xml", bytes: try content()),
            ODFPart(path: "styles.xml", bytes: try styles()),
            ODFPart(path: "meta.xml", bytes: try meta()),
        ], to: url)
    }

    /// Column widths in centimetres from the widest text in each column (header included).
    func widths(_ sheet: Sheet) -> [Double] {
        sheet.headers.indices.map { c in
            let longest = ([sheet.headers[c]] + sheet.rows.map { row -> String in
                guard c < row.count else { return "" }
                switch row[c] {
                case .text(let t): return t
                case .number(_, let shown): return shown
                case .empty, .input: return ""
                }
            }).map { $0.count }.max() ?? 0
            return min(18, max(1.5, Double(longest) * 0.23 + 0.4))
        }
    }

    func content() throws(ODFFailure) -> [UInt8] {
        let w = try XMLWriter(indent: false)
        w.start("office:document-content")
        ODFNamespace.declare(w)
        w.attribute("office:version", "1.3")
        w.start("office:automatic-styles")
        for (s, sheet) in sheets.enumerated() {
            for (c, width) in widths(sheet).enumerated() {
                w.start("style:style")
                w.attribute("style:name", "co\(s)_\(c)")
                w.attribute("style:family", "table-column")
                w.start("style:table-column-properties")
                w.attribute("style:column-width", String(format: "%.2fcm", width))
                w.end()
                w.end()
            }
        }
        w.start("style:style")
        w.attribute("style:name", "header")
        w.attribute("style:family", "table-cell")
        w.start("style:text-properties")
        w.attribute("fo:font-weight", "bold")
        w.end()
        w.end()
        w.end()
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
                w.element("text:p", v.message)
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
            w.start("table:table-header-rows")
            w.start("table:table-row")
            for header in sheet.headers {
                w.start("table:table-cell")
                w.attribute("table:style-name", "header")
                w.attribute("office:value-type", "string")
                w.element("text:p", header)
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
                        w.element("text:p", t)
                    case .number(let value, let shown):
                        w.attribute("office:value-type", "float")
                        w.attribute("office:value", value)
                        w.element("text:p", shown)
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
        w.end()
        return w.finish()
    }

    func styles() throws(ODFFailure) -> [UInt8] {
        let w = try XMLWriter(indent: false)
        w.start("office:document-styles")
        ODFNamespace.declare(w)
        w.attribute("office:version", "1.3")
        w.start("office:styles")
        w.start("style:default-style")
        w.attribute("style:family", "table-cell")
        w.start("style:text-properties")
        w.attribute("fo:font-family", "Times New Roman")
        w.attribute("fo:font-size", "12pt")
        w.end()
        w.end()
        w.end()
        w.end()
        return w.finish()
    }

    func meta() throws(ODFFailure) -> [UInt8] {
        let w = try XMLWriter(indent: false)
        w.start("office:document-meta")
        ODFNamespace.declare(w)
        w.attribute("office:version", "1.3")
        w.start("office:meta")
        w.element("meta:generator", "ThiĐua")
        if let title { w.element("dc:title", title) }
        w.end()
        w.end()
        return w.finish()
    }
}
