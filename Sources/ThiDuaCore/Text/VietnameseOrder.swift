import Foundation

/// Vietnamese dictionary order: letters in the Vietnamese alphabet (a ă â b c d đ e ê g h i k
/// l m n o ô ơ p q r s t u ư v x y, with f j w z in their Latin places), words compared by
/// their letters first, then by their tones left to right in dictionary order (none, huyền,
/// hỏi, ngã, sắc, nặng: a à ả ã á ạ), then lower case before upper case.
///
/// ```swift
/// ["Đồng Xoài", "Dương Minh Châu", "Ấp Bắc", "An Phú"].sorted(by: VietnameseOrder.precedes)
/// // ["An Phú", "Ấp Bắc", "Dương Minh Châu", "Đồng Xoài"]
/// ```
///
/// To sort a list, ``sorted(_:by:)`` works out each text's key once; `precedes` works out both
/// keys at every comparison.
public enum VietnameseOrder {
    public static func precedes(_ a: String, _ b: String) -> Bool {
        key(a) < key(b)
    }

    /// The items in the Vietnamese order of `text(item)`, each key worked out once; items with
    /// the same text keep their order.
    ///
    /// ```swift
    /// VietnameseOrder.sorted(units, by: \.name)
    /// ```
    public static func sorted<Item>(_ items: some Sequence<Item>, by text: (Item) -> String) -> [Item] {
        items.map { (key: key(text($0)), item: $0) }.sorted { $0.key < $1.key }.map(\.item)
    }

    /// The texts in Vietnamese order, each key worked out once.
    public static func sorted(_ texts: some Sequence<String>) -> [String] {
        sorted(texts, by: { $0 })
    }

    static let alphabet: [String: Int] = {
        let letters = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "ô", "ơ",
            "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
        return Dictionary(uniqueKeysWithValues: letters.enumerated().map { ($1, 100 + $0) })
    }()

    /// Tone marks (combining, after decomposition) in dictionary order.
    static let tones: [UInt32: Int] = [0x300: 1, 0x309: 2, 0x303: 3, 0x301: 4, 0x323: 5]
    /// Marks that make a letter of their own: breve (ă), circumflex (â ê ô), horn (ơ ư).
    static let letterMarks: Set<UInt32> = [0x306, 0x302, 0x31B]

    /// What the order compares, in turn: letters, tones, cases, then the text's scalars.
    struct Key: Comparable {
        var letters: [Int] = []
        var tones: [Int] = []
        var cases: [Int] = []
        var scalars: String.UnicodeScalarView

        static func < (x: Key, y: Key) -> Bool {
            if x.letters != y.letters { return x.letters.lexicographicallyPrecedes(y.letters) }
            if x.tones != y.tones { return x.tones.lexicographicallyPrecedes(y.tones) }
            if x.cases != y.cases { return x.cases.lexicographicallyPrecedes(y.cases) }
            return x.scalars.lexicographicallyPrecedes(y.scalars)
        }

        static func == (x: Key, y: Key) -> Bool {
            x.letters == y.letters && x.tones == y.tones && x.cases == y.cases && x.scalars.elementsEqual(y.scalars)
        }
    }

    static func key(_ text: String) -> Key {
        var key = Key(scalars: text.unicodeScalars)
        for character in text {
            // Each character decomposed: a base, marks that make a letter, and at most one tone.
            let scalars = Array(String(character).decomposedStringWithCanonicalMapping.unicodeScalars)
            guard let base = scalars.first else { continue }
            var letter = String(base).lowercased()
            var tone = 0
            for mark in scalars.dropFirst() {
                if letterMarks.contains(mark.value) {
                    letter.unicodeScalars.append(mark)
                } else if let t = tones[mark.value] {
                    tone = t
                }
            }
            letter = letter.nfc
            let rank: Int
            if let r = alphabet[letter] {
                rank = r
            } else if base.properties.isWhitespace {
                rank = 0
            } else if base.value >= 0x30 && base.value <= 0x39 {
                rank = 10 + Int(base.value - 0x30)
            } else if base.value < 0x80 {
                rank = 1
            } else {
                rank = 1000 + Int(base.value)
            }
            key.letters.append(rank)
            key.tones.append(tone)
            key.cases.append(base.properties.isUppercase ? 1 : 0)
        }
        return key
    }
}
