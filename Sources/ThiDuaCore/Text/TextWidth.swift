import Foundation

extension String {
    /// The text in Unicode normalisation form C, as ThiĐua stores every text
    /// (`"Nguye\u{302}\u{303}n"` becomes `"Nguyễn"`).
    public var nfc: String {
        if unicodeScalars.allSatisfy({ $0.isStableInNFC }) { return self }
        return precomposedStringWithCanonicalMapping
    }

    /// The number of terminal columns the text takes: combining marks take none,
    /// East Asian wide and fullwidth characters take two, others one.
    public var displayWidth: Int {
        var width = 0
        for character in self {
            width += character.displayWidth
        }
        return width
    }
}

extension Unicode.Scalar {
    /// True for scalars that NFC leaves as they are whatever surrounds them (NFC_Quick_Check=Yes and
    /// canonical combining class 0), over the ranges Vietnamese text uses: ASCII, the Latin blocks
    /// (precomposed Vietnamese letters such as ễ U+1EC5 among them), punctuation, currency,
    /// letterlike symbols, arrows, box drawing. Text made only of these is already NFC; anything
    /// else goes through the full normalisation.
    public var isStableInNFC: Bool {
        switch value {
        case 0x00...0x2FF, 0x1E00...0x1EFF, 0x2002...0x206F, 0x20A0...0x20CF, 0x2190...0x2328, 0x232B...0x23FF,
            0x2500...0x27BF:
            return true
        case 0x2100...0x214F:
            return value != 0x2126 && value != 0x212A && value != 0x212B
        default:
            return false
        }
    }
}

extension Character {
    /// Columns this character takes in a terminal (0, 1 or 2).
    public var displayWidth: Int {
        guard let first = unicodeScalars.first else { return 0 }
        if isASCII { return first.value < 0x20 || first.value == 0x7F ? 0 : 1 }
        let props = first.properties
        if props.generalCategory == .nonspacingMark || props.generalCategory == .enclosingMark
            || props.generalCategory == .format || first.value == 0x200B
        {
            return 0
        }
        return isWide(first.value) ? 2 : 1
    }
}

/// East Asian Wide (W) and Fullwidth (F) ranges, after Unicode's EastAsianWidth.txt.
private func isWide(_ v: UInt32) -> Bool {
    switch v {
    case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
        0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
        0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA,
        0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757,
        0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55, 0x2E80...0x303E,
        0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60,
        0xFFE0...0xFFE6, 0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F64F,
        0x1F680...0x1F6FF, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
        return true
    default:
        return false
    }
}
