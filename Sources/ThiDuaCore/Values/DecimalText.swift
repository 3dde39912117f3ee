import Foundation

/// Exact decimal numbers as users write them: `97,5` or `97.5`, no thousands separators.
///
/// Points and metrics are kept as canonical decimal text (`97.5`) in the store and as
/// `Foundation.Decimal` in the engine; neither ever passes through a binary float.
///
/// ```swift
/// DecimalText.canonical("097,50")  // "97.5"
/// DecimalText.decimal("-3,25")     // -3.25 exactly
/// ```
public enum DecimalText {
    /// The most significant digits accepted; `Decimal` holds 38 exactly.
    public static let maxDigits = 30

    /// The canonical form of a number written with a decimal comma or point, or nil if
    /// `text` is not such a number. Surrounding spaces are ignored; a leading `-` is
    /// accepted only when `allowNegative` is true.
    public static func canonical(_ text: some StringProtocol, allowNegative: Bool = true) -> String? {
        var utf8 = Array(text.utf8)
        return canonical(bytes: &utf8, allowNegative: allowNegative)
    }

    /// The byte-level form of ``canonical(_:allowNegative:)`` used on the import's hot path.
    public static func canonical(bytes: UnsafeBufferPointer<UInt8>, allowNegative: Bool = true) -> String? {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard start < end else { return nil }
        var negative = false
        if bytes[start] == UInt8(ascii: "-") {
            guard allowNegative else { return nil }
            negative = true
            start += 1
        }
        // integer part
        var intStart = start
        var i = start
        while i < end, bytes[i] &- 0x30 < 10 { i += 1 }
        let intEnd = i
        guard intEnd > intStart else { return nil }
        var fracStart = end
        var fracEnd = end
        if i < end {
            guard bytes[i] == UInt8(ascii: ",") || bytes[i] == UInt8(ascii: ".") else { return nil }
            i += 1
            fracStart = i
            while i < end, bytes[i] &- 0x30 < 10 { i += 1 }
            guard i == end, i > fracStart else { return nil }
            fracEnd = end
            while fracEnd > fracStart, bytes[fracEnd - 1] == 0x30 { fracEnd -= 1 }
        }
        while intStart < intEnd - 1, bytes[intStart] == 0x30 { intStart += 1 }
        guard (intEnd - intStart) + (fracEnd - fracStart) <= maxDigits else { return nil }
        let isZero = intEnd - intStart == 1 && bytes[intStart] == 0x30 && fracEnd == fracStart
        let length = (negative && !isZero ? 1 : 0) + (intEnd - intStart) + (fracEnd > fracStart ? 1 + fracEnd - fracStart : 0)
        return String(unsafeUninitializedCapacity: length) { out in
            var o = 0
            if negative && !isZero { out[o] = UInt8(ascii: "-"); o += 1 }
            for j in intStart..<intEnd { out[o] = bytes[j]; o += 1 }
            if fracEnd > fracStart {
                out[o] = UInt8(ascii: ".")
                o += 1
                for j in fracStart..<fracEnd { out[o] = bytes[j]; o += 1 }
            }
            return o
        }
    }

    static func canonical(bytes: inout [UInt8], allowNegative: Bool) -> String? {
        bytes.withUnsafeBufferPointer { canonical(bytes: $0, allowNegative: allowNegative) }
    }

    /// The exact value of a number written with a decimal comma or point, or nil.
    public static func decimal(_ text: some StringProtocol, allowNegative: Bool = true) -> Decimal? {
        guard let canonical = canonical(text, allowNegative: allowNegative) else { return nil }
        return Decimal(string: canonical, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// The canonical text of a decimal value (point, no exponent, no trailing zeros).
    public static func text(_ value: Decimal) -> String {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, maxDigits, .plain)
        return canonical(rounded.description) ?? rounded.description
    }
}
