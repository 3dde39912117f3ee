import Foundation

/// The styles of a spreadsheet: Times New Roman 12 pt; the header bold on grey, the table's
/// cells with thin borders and wrapped text, numbers centred as their headers are; the lines
/// outside the table centred without borders; each sheet on its own A4 page style, numbered
/// "Trang 1/3" at the foot.
extension Spreadsheet {
    /// The data style of numbers with `decimals` places, and the cell style that uses it.
    static func numberStyle(_ decimals: Int) -> String { "N\(decimals)" }
    static func numberCellStyle(_ decimals: Int) -> String { "ceN\(decimals)" }

    static let border = "0.5pt solid #000000"

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

    /// Printing: each sheet's page, A4 in the orientation its columns need, at 100 % when they
    /// fit (they do unless a sheet has more columns than any page holds: then scaled to the width).
    func writePageLayouts(_ w: StreamingXMLWriter, _ layout: Layout) {
        // The footer's font, named: without it the XLSX LibreOffice makes sets "Trang 1/3" in Arial;
        // 12 pt as the table, so that nothing prints under 11 pt. A paragraph style: a span around
        // the page fields is refused by libxml2's RelaxNG validation of the ODF schema.
        w.start("style:style")
        w.attribute("style:name", "ChanTrang")
        w.attribute("style:family", "paragraph")
        w.start("style:text-properties")
        w.attribute("fo:font-family", "'Times New Roman'")
        w.attribute("style:font-family-generic", "roman")
        w.attribute("fo:font-size", "12pt")
        w.end()
        w.end()
        for (s, sheet) in layout.sheets.enumerated() {
            w.start("style:page-layout")
            w.attribute("style:name", "pl\(s)")
            w.start("style:page-layout-properties")
            w.attribute("fo:page-width", sheet.landscape ? "29.7cm" : "21cm")
            w.attribute("fo:page-height", sheet.landscape ? "21cm" : "29.7cm")
            w.attribute("style:print-orientation", sheet.landscape ? "landscape" : "portrait")
            w.attribute("fo:margin-top", "1.5cm")
            w.attribute("fo:margin-bottom", "1.2cm")
            w.attribute("fo:margin-left", "2cm")
            w.attribute("fo:margin-right", "1.5cm")
            w.attribute("style:print-page-order", "ttb")
            if sheet.fits {
                w.attribute("style:scale-to", "100%")
            } else {
                w.attribute("style:scale-to-X", "1")
            }
            w.end()
            w.start("style:footer-style")
            w.start("style:header-footer-properties")
            w.attribute("fo:min-height", "0.6cm")
            w.attribute("fo:margin-top", "0.3cm")
            w.end()
            w.end()
            w.end()
        }
    }

    /// Each sheet's master page: no header, said outright (else the XLSX LibreOffice makes keeps
    /// room for one at the top of every page, and its pages break elsewhere), the page number at the foot.
    func writeMasterStyles(_ w: StreamingXMLWriter) {
        w.start("office:master-styles")
        for s in sheets.indices {
            w.start("style:master-page")
            w.attribute("style:name", "mp\(s)")
            w.attribute("style:page-layout-name", "pl\(s)")
            w.start("style:header")
            w.attribute("style:display", "false")
            w.end()
            w.start("style:footer")
            w.start("text:p")
            w.attribute("text:style-name", "ChanTrang")
            w.text("Trang ")
            w.element("text:page-number", "1")
            w.text("/")
            w.element("text:page-count", "1")
            w.end()
            w.end()
            w.end()
        }
        w.end()
    }

    func writeAutomaticStyles(_ w: StreamingXMLWriter, _ layout: Layout, pageLayouts: Bool = false) {
        w.start("office:automatic-styles")
        if pageLayouts { writePageLayouts(w, layout) }
        for (s, sheet) in layout.sheets.enumerated() {
            w.start("style:style")
            w.attribute("style:name", "ta\(s)")
            w.attribute("style:family", "table")
            w.attribute("style:master-page-name", "mp\(s)")
            w.start("style:table-properties")
            w.attribute("table:display", "true")
            w.end()
            w.end()
            for (c, width) in sheet.widths.enumerated() {
                w.start("style:style")
                w.attribute("style:name", "co\(s)_\(c)")
                w.attribute("style:family", "table-column")
                w.start("style:table-column-properties")
                w.attribute("style:column-width", String(format: "%.2fcm", width))
                w.end()
                w.end()
            }
            // LibreOffice sizes rows to their text, but not merged cells: the lines outside the table get their height.
            for (name, heights) in [("t", sheet.titleHeights), ("f", sheet.footerHeights)] {
                for (i, height) in heights.enumerated() { rowStyle(w, "ro\(s)_\(name)\(i)", height: height) }
            }
        }
        for lines in layout.lineCounts {
            rowStyle(w, "rl\(lines)", height: Self.rowHeight(lines: lines))
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
            cellStyle(w, Self.numberCellStyle(d), dataStyle: Self.numberStyle(d), bordered: true, align: "center")
        }
        cellStyle(w, "header", bordered: true, align: "center", bold: true, background: "#e6e6e6")
        cellStyle(w, "text", bordered: true)
        cellStyle(w, "input", bordered: true, align: "center")
        for emphasis in [Line.Emphasis.heading, .bold, .italic, .plain] {
            cellStyle(w, "line-\(emphasis.rawValue)", bordered: false, align: "center", bold: emphasis == .heading || emphasis == .bold,
                italic: emphasis == .italic, size: emphasis == .heading ? "14pt" : nil)
            // The same emphasis for one line among others in a cell.
            w.start("style:style")
            w.attribute("style:name", "tx-\(emphasis.rawValue)")
            w.attribute("style:family", "text")
            w.start("style:text-properties")
            if emphasis == .heading { w.attribute("fo:font-size", "14pt") }
            if emphasis == .heading || emphasis == .bold { w.attribute("fo:font-weight", "bold") }
            if emphasis == .italic { w.attribute("fo:font-style", "italic") }
            w.end()
            w.end()
        }
        w.end()
    }

    private func rowStyle(_ w: StreamingXMLWriter, _ name: String, height: Double) {
        w.start("style:style")
        w.attribute("style:name", name)
        w.attribute("style:family", "table-row")
        w.start("style:table-row-properties")
        w.attribute("style:row-height", String(format: "%.2fcm", height))
        w.attribute("style:use-optimal-row-height", "false")
        w.end()
        w.end()
    }

    private func cellStyle(
        _ w: StreamingXMLWriter, _ name: String, dataStyle: String? = nil, bordered: Bool, align: String? = nil, bold: Bool = false,
        italic: Bool = false, size: String? = nil, background: String? = nil
    ) {
        w.start("style:style")
        w.attribute("style:name", name)
        w.attribute("style:family", "table-cell")
        w.attribute("style:data-style-name", dataStyle)
        w.start("style:table-cell-properties")
        if let background { w.attribute("fo:background-color", background) }
        if bordered { w.attribute("fo:border", Self.border) }
        w.attribute("fo:wrap-option", "wrap")
        if align != nil { w.attribute("style:text-align-source", "fix") }
        w.attribute("style:vertical-align", "middle")
        w.end()
        if let align {
            w.start("style:paragraph-properties")
            w.attribute("fo:text-align", align)
            w.end()
        }
        if bold || italic || size != nil {
            w.start("style:text-properties")
            if let size { w.attribute("fo:font-size", size) }
            if bold { w.attribute("fo:font-weight", "bold") }
            if italic { w.attribute("fo:font-style", "italic") }
            w.end()
        }
        w.end()
    }
}
