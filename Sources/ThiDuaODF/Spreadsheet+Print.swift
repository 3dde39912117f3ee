import Foundation

/// How a spreadsheet falls on paper: each sheet's columns sized to the width of an A4 page
/// (portrait when they fit, else landscape), text columns narrowed and wrapped rather than the
/// print scaled down, so that it prints at 100 % (12 pt); the rows of the titles and of the
/// footer tall enough for their text, which LibreOffice does not measure in merged cells.
extension Spreadsheet {
    /// Centimetres per character of 12 pt Times New Roman (Liberation Serif), generously, and
    /// the padding of a cell; bold text is about a tenth wider.
    static let characterWidth = 0.21
    /// The same for counting the lines a text wraps into, word by word: measured 0.184 (36
    /// characters on a line of a 6.64 cm column), counted a little wider.
    static let wrapCharacterWidth = 0.195
    static let cellPadding = 0.35
    static let boldFactor = 1.1
    /// The printable width of an A4 page between the margins (left 2 cm, right 1.5 cm), less
    /// a little so that rounding never pushes a column onto another page.
    static let portraitWidth = 21.0 - 3.5 - 0.3
    static let landscapeWidth = 29.7 - 3.5 - 0.3
    /// The narrowest a text column is made to fit the page (unless its text is narrower).
    static let textFloor = 3.5
    /// A header at most this long stays on one line; a longer one wraps at its words.
    static let unwrappedHeader = 9

    /// What the styles need from every cell, found in one pass: each sheet's printed layout,
    /// the decimal places of the numbers, and the first cell of each validation (the base of
    /// its formula).
    struct Layout {
        struct Sheet {
            /// Column widths in centimetres.
            var widths: [Double]
            var landscape: Bool
            /// Whether the columns fit the page at 100 %; if not, the page is scaled to its width.
            var fits: Bool
            /// Row heights in centimetres of the title lines and the footer rows.
            var titleHeights: [Double]
            var footerHeights: [Double]
            /// Lines of text in the header row and in each row of the table, as wrapped in its columns.
            var headerLines = 1
            var rowLines: [UInt8] = []
            var width: Double { widths.reduce(0, +) }
        }

        var sheets: [Sheet]
        /// Decimal places used by `.number` cells, in order.
        var decimals: [Int]
        /// Each validation's first cell, as ODF addresses it (`'GK03'.D6`).
        var firstCell: [String: String]
        /// The counts of lines rows are made tall for.
        var lineCounts: [Int]

        init(_ spreadsheet: Spreadsheet) {
            var used = Set<Int>()
            var firstCell: [String: String] = [:]
            sheets = spreadsheet.sheets.map { sheet in
                let columns = sheet.headers.count
                // Longest text in characters; a text no longer in UTF-8 bytes than the longest so
                // far cannot be longer, so most cells are never counted character by character.
                var longest = [Int](repeating: 0, count: columns)
                var hasNumber = [Bool](repeating: false, count: columns)
                var hasText = [Bool](repeating: false, count: columns)
                func measure(_ c: Int, _ text: String) {
                    if text.utf8.count > longest[c] { longest[c] = max(longest[c], text.count) }
                }
                for (r, row) in sheet.rows.enumerated() {
                    for (c, cell) in row.enumerated() {
                        switch cell {
                        case .text(let t):
                            if c < columns { measure(c, t); hasText[c] = true }
                        case .number(let value, let shown):
                            used.insert(Spreadsheet.decimals(value))
                            if c < columns { measure(c, shown); hasNumber[c] = true }
                        case .input(let validation):
                            if firstCell[validation] == nil {
                                firstCell[validation] = Spreadsheet.address(sheet: sheet.name, column: c, row: sheet.firstDataRow + r)
                            }
                        case .empty:
                            break
                        }
                    }
                }
                // Columns of numbers keep their width; text columns are narrowed and wrapped.
                let numeric = (0..<columns).map { hasNumber[$0] && !hasText[$0] }
                var layout = Spreadsheet.layout(sheet, longest: longest, numeric: numeric)
                // LibreOffice measures a row's height on loading with other metrics than it prints
                // with, and a wrapped text can print a line more than its row holds: each row is
                // given the height its longest text needs, counted generously.
                let perLine = layout.widths.map { Spreadsheet.charactersPerLine($0) }
                let boldPerLine = layout.widths.map { Spreadsheet.charactersPerLine($0, factor: 1.05) }
                layout.headerLines = sheet.headers.indices.map { Spreadsheet.lines(sheet.headers[$0], perLine: boldPerLine[$0]) }.max() ?? 1
                layout.rowLines = sheet.rows.map { row in
                    var most = 1
                    for (c, cell) in row.enumerated() where c < columns {
                        if case .text(let t) = cell, t.utf8.count > perLine[c] || t.utf8.contains(10) {
                            most = max(most, Spreadsheet.lines(t, perLine: perLine[c]))
                        }
                    }
                    return UInt8(min(most, Int(UInt8.max)))
                }
                return layout
            }
            decimals = used.sorted()
            self.firstCell = firstCell
            lineCounts = Set(sheets.flatMap { $0.rowLines.map(Int.init) + [$0.headerLines] }).sorted()
        }
    }

    /// Columns sized to the page: each at its natural width (its longest text, or its header's
    /// longest word when the header wraps); portrait when they fit it with the text columns at
    /// 60 % or more of their natural widths, else landscape; then
    /// the text columns narrowed in proportion (never below their floor) until the table fits,
    /// or widened in proportion until it spans the page.
    static func layout(_ sheet: Sheet, longest: [Int], numeric: [Bool]) -> Layout.Sheet {
        let columns = sheet.headers.count
        var natural = [Double](repeating: 0, count: columns)
        var floors = [Double](repeating: 0, count: columns)
        for c in 0..<columns {
            let header = sheet.headers[c]
            let words = header.split(whereSeparator: \.isWhitespace).map(\.count).max() ?? 0
            let headerNeed = Double(header.count <= unwrappedHeader ? header.count : words) * characterWidth * boldFactor + cellPadding
            let body = Double(longest[c]) * characterWidth + cellPadding
            let minimum = sheet.minimumWidths[c] ?? 0
            natural[c] = max(1.2, minimum, headerNeed, body)
            floors[c] = numeric[c] ? natural[c] : max(minimum, headerNeed, min(natural[c], textFloor))
        }
        // Portrait unless that would narrow the text columns below 60 % of their natural widths.
        let fixed = (0..<columns).filter { numeric[$0] }.map { natural[$0] }.reduce(0, +)
        let landscape = fixed + (natural.reduce(0, +) - fixed) * 0.6 > portraitWidth
        let target = landscape ? landscapeWidth : portraitWidth
        let (widths, fits) = fit(natural: natural, floors: floors, flexible: numeric.map { !$0 }, target: target)
        let tableWidth = widths.reduce(0, +)
        let titleHeights = sheet.titles.map { height($0, width: tableWidth) }
        let footerHeights = sheet.footer.map { row in
            row.blocks.map { block in
                let width = block.columns.clamped(to: 0..<columns).map { widths[$0] }.reduce(0, +)
                return block.lines.map { height($0, width: width) - 0.15 }.reduce(0.15, +)
            }.reduce(0, max)
        }
        return Layout.Sheet(widths: widths, landscape: landscape, fits: fits, titleHeights: titleHeights,
            footerHeights: footerHeights)
    }

    /// Widths summing to `target` where possible: the flexible columns scaled by one factor,
    /// each kept at or above its floor; whether they fit.
    static func fit(natural: [Double], floors: [Double], flexible: [Bool], target: Double) -> ([Double], Bool) {
        let fixed = natural.indices.filter { !flexible[$0] }.map { natural[$0] }.reduce(0, +)
        func widths(_ scale: Double) -> [Double] {
            natural.indices.map { flexible[$0] ? max(floors[$0], natural[$0] * scale) : natural[$0] }
        }
        let total = natural.reduce(0, +)
        if total < target {
            // Widen: the room left goes to the text columns in proportion to their widths.
            let flexibleTotal = total - fixed
            guard flexibleTotal > 0 else { return (natural, true) }
            let scale = (target - fixed) / flexibleTotal
            return (natural.indices.map { flexible[$0] ? natural[$0] * scale : natural[$0] }, true)
        }
        if widths(0).reduce(0, +) > target { return (widths(0), false) }
        var low = 0.0
        var high = 1.0
        for _ in 0..<40 {
            let mid = (low + high) / 2
            if widths(mid).reduce(0, +) <= target { low = mid } else { high = mid }
        }
        return (widths(low), true)
    }

    /// The height a line needs across `width` centimetres: as many lines as its text wraps
    /// into, at the line height of its size.
    static func height(_ line: Line, width: Double) -> Double {
        let size = line.emphasis == .heading ? 14.0 : 12.0
        let perCharacter = characterWidth * size / 12 * (line.emphasis == .plain || line.emphasis == .italic ? 1 : boldFactor)
        let usable = max(1, width - cellPadding)
        let lines = line.text.split(separator: "\n", omittingEmptySubsequences: false).map { part in
            max(1, Int((Double(part.count) * perCharacter / usable).rounded(.up)))
        }.reduce(0, +)
        return Double(lines) * size * 1.2 * 2.54 / 72 + 0.15
    }

    /// How many characters a line of a column `width` centimetres wide holds at least.
    static func charactersPerLine(_ width: Double, factor: Double = 1) -> Int {
        max(1, Int((width - 0.25) / (wrapCharacterWidth * factor)))
    }

    /// The lines a text takes wrapped word by word at `perLine` characters (a longer word
    /// broken), each paragraph at least one.
    static func lines(_ text: String, perLine: Int) -> Int {
        var lines = 1
        var line = 0
        var word = 0
        func endWord() {
            guard word > 0 else { return }
            if line == 0 {
                line = word
            } else if line + 1 + word <= perLine {
                line += 1 + word
            } else {
                lines += 1
                line = word
            }
            while line > perLine {
                lines += 1
                line -= perLine
            }
            word = 0
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case " ", "\t":
                endWord()
            case "\n":
                endWord()
                lines += 1
                line = 0
            default:
                word += 1
            }
        }
        endWord()
        return lines
    }

    /// The height of a row of `lines` lines of 12 pt text.
    static func rowHeight(lines: Int) -> Double { Double(lines) * 0.5 + 0.15 }

    /// A cell's ODF address, the sheet quoted: `'GK03'.D6` for column 3 (from 0) of row 6.
    static func address(sheet: String, column: Int, row: Int) -> String {
        "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'." + ODSCell.columnName(column + 1) + String(row)
    }
}
