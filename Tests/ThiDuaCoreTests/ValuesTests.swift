import Foundation
import Testing
import ThiDuaCore

@Suite struct DecimalTextTests {
    @Test(arguments: [
        ("97,5", "97.5"), ("97.5", "97.5"), ("097,50", "97.5"), ("0", "0"), ("0,0", "0"), ("-0", "0"),
        ("-3,25", "-3.25"), (" 12 ", "12"), ("100", "100"), ("0.001", "0.001"), ("1000000", "1000000"),
    ])
    func canonicalForms(_ text: String, _ expected: String) {
        #expect(DecimalText.canonical(text) == expected)
    }

    @Test(arguments: ["", " ", "abc", "1.234,5", "1,2,3", "1.", ",5", "1e3", "--1", "+1", "1 000", "mười", "1_000"])
    func notNumbers(_ text: String) {
        #expect(DecimalText.canonical(text) == nil)
    }

    @Test func negativeOnlyWhenAllowed() {
        #expect(DecimalText.canonical("-1", allowNegative: false) == nil)
        #expect(DecimalText.canonical("1", allowNegative: false) == "1")
    }

    @Test func valuesAreExact() throws {
        let a = try #require(DecimalText.decimal("0,1"))
        let b = try #require(DecimalText.decimal("0.2"))
        #expect(a + b == DecimalText.decimal("0.3"))
        #expect(DecimalText.text(a + b) == "0.3")
        #expect(DecimalText.text(Decimal(string: "97.500")!) == "97.5")
    }

    @Test func tooManyDigitsAreRefused() {
        #expect(DecimalText.canonical(String(repeating: "9", count: 31)) == nil)
        #expect(DecimalText.canonical(String(repeating: "9", count: 30)) != nil)
    }
}

@Suite struct DayAndMomentTests {
    @Test(arguments: [("25/11/2024", "2024-11-25"), ("2024-11-25", "2024-11-25"), ("1/2/2024", "2024-02-01"), ("29/02/2024", "2024-02-29")])
    func days(_ text: String, _ iso: String) {
        #expect(Day(parsing: text)?.description == iso)
    }

    @Test(arguments: ["29/02/2023", "31/04/2024", "2024-3-1", "2024/11/25", "25-11-2024", "", "hôm nay", "00/01/2024", "2024-13-01"])
    func notDays(_ text: String) {
        #expect(Day(parsing: text) == nil)
    }

    @Test func vietnameseForm() {
        #expect(Day(year: 2024, month: 5, day: 4)?.vietnamese == "04/05/2024")
    }

    @Test(arguments: [
        ("2024-12-10 08:45", "2024-12-10T08:45:00+07:00"), ("2024-12-10T08:45:30", "2024-12-10T08:45:30+07:00"),
        ("10/12/2024 08:45", "2024-12-10T08:45:00+07:00"), ("2024-12-10T01:45:00Z", "2024-12-10T01:45:00+00:00"),
        ("2024-12-10 08:45-05:30", "2024-12-10T08:45:00-05:30"), ("25/11/2025 10:00", "2025-11-25T10:00:00+07:00"),
    ])
    func moments(_ text: String, _ iso: String) {
        #expect(Moment(parsing: text, assuming: .vietnam)?.description == iso)
    }

    @Test(arguments: [
        "2024-12-10", "2024-12-10 24:00", "2024-12-10 8:45", "2024-12-10 08:60", "2024-12-10 08:45:60",
        "2024-12-10 08:45+7:00", "2024-12-10 08:45+15:00", "2024-12-10 08:45+07:60", "2024-12-10 08:45 +07:00",
    ])
    func notMoments(_ text: String) {
        #expect(Moment(parsing: text, assuming: .vietnam) == nil)
    }

    @Test func momentsAreInstants() {
        let sheet = Moment(parsing: "2024-12-10 08:45", assuming: .vietnam)!
        let web = Moment(parsing: "2024-12-10T02:00:00Z", assuming: nil)!
        #expect(sheet.secondsSinceEpoch == 1_733_795_100)
        #expect(sheet < web)
        #expect(web.at(.vietnam).description == "2024-12-10T09:00:00+07:00")
        #expect(Moment(parsing: "2024-12-10 08:45", assuming: nil) == nil)
        #expect(Moment(parsing: "2024-12-31 23:59:59", assuming: .vietnam)!.nextSecond.description == "2025-01-01T00:00:00+07:00")
    }

    @Test func daysSinceEpoch() {
        #expect(Day(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(Day(year: 2024, month: 11, day: 28)!.daysSinceEpoch - Day(year: 2024, month: 11, day: 25)!.daysSinceEpoch == 3)
        #expect(Day(year: 2025, month: 1, day: 1)!.daysSinceEpoch - Day(year: 2024, month: 1, day: 1)!.daysSinceEpoch == 366)
    }
}

@Suite struct TextWidthTests {
    @Test(arguments: [
        ("Nguyễn", 6), ("Nguye\u{302}\u{303}n", 6), ("UBND phường Bình Minh", 21), ("Thi đua", 7), ("越南", 4), ("", 0),
    ])
    func displayWidth(_ text: String, _ width: Int) {
        #expect(text.displayWidth == width)
    }

    @Test func nfc() {
        #expect(Array("Nguye\u{302}\u{303}n".nfc.unicodeScalars) == Array("Nguyễn".unicodeScalars))
        #expect("Nguye\u{302}\u{303}n".nfc.unicodeScalars.count == 6)
    }
}

@Suite struct NFCTests {
    /// Every scalar the quick check calls stable is a starter that full normalisation leaves alone,
    /// alone and between letters; and the check refuses combining marks and singletons.
    @Test func theQuickCheckOnlyPassesScalarsNFCLeavesAlone() {
        var stable = 0
        for value in UInt32(0)...0x2FFFF {
            guard let scalar = Unicode.Scalar(value), scalar.isStableInNFC else { continue }
            stable += 1
            #expect(scalar.properties.canonicalCombiningClass == .notReordered, "U+\(String(value, radix: 16))")
            for text in [String(scalar), "a" + String(scalar) + "b", "Ệ" + String(scalar) + "ễ"] {
                #expect(text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(text.unicodeScalars),
                    "U+\(String(value, radix: 16))")
            }
        }
        #expect(stable > 2000)
        for refused: Unicode.Scalar in ["\u{301}", "\u{303}", "\u{2126}", "\u{212B}", "\u{2329}", "\u{F900}", "\u{1100}"] {
            #expect(!refused.isStableInNFC)
        }
    }

    @Test(arguments: ["Tiếng Việt có dấu", "Ω Ohm \u{2126}", "Å \u{212B}", "e\u{301}", "Nguye\u{302}\u{303}n", "〈\u{2329}〉"])
    func nfcMatchesFoundation(_ text: String) {
        #expect(Array(text.nfc.unicodeScalars) == Array(text.precomposedStringWithCanonicalMapping.unicodeScalars))
    }
}
