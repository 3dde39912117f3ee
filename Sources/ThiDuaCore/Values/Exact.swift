import BigInt
import Foundation

/// An exact rational number: the engine's only kind of number.
///
/// Points, metrics and everything computed from them are fractions of two 128-bit integers,
/// always reduced, the denominator positive. `1/3 + 1/3 + 1/3` is exactly `1`. Nothing is
/// rounded unless a criteria set says so (``rounded(decimals:)``, half away from zero). An
/// operation whose result does not fit fails with ``ArithmeticFailure/overflow`` rather than
/// losing digits.
///
/// ```swift
/// let third = try Exact(1).dividing(by: Exact(3))
/// try third.adding(third).adding(third) == Exact(1)   // true
/// Exact("97,5")?.text(decimals: 2)                     // "97,50"
/// ```
public struct Exact: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let numerator: Int128
    /// Always > 0.
    public let denominator: Int128

    public static let zero = Exact(0)
    public static let one = Exact(1)

    public init(_ integer: Int) {
        numerator = Int128(integer)
        denominator = 1
    }

    /// `numerator / denominator`, reduced; nil if the denominator is 0 or either is
    /// `Int128.min` (whose negation does not fit).
    public init?(numerator: Int128, denominator: Int128) {
        guard denominator != 0, numerator != .min, denominator != .min else { return nil }
        self.init(reducing: numerator, denominator)
    }

    private init(reducing n: Int128, _ d: Int128) {
        var n = n
        var d = d
        if d < 0 { n = -n; d = -d }
        let g = Exact.gcd(n.magnitude, d.magnitude)
        if g > 1 {
            n /= Int128(g)
            d /= Int128(g)
        }
        numerator = n
        denominator = d
    }

    private init(unchecked n: Int128, _ d: Int128) {
        numerator = n
        denominator = d
    }

    /// Parses `97,5`, `97.5`, `-3` or `0.25` (at most 30 significant digits).
    public init?(_ text: some StringProtocol) {
        guard let canonical = DecimalText.canonical(text) else { return nil }
        var digits = Substring(canonical)
        let negative = digits.hasPrefix("-")
        if negative { digits = digits.dropFirst() }
        var n: Int128 = 0
        var d: Int128 = 1
        var fraction = false
        for c in digits.utf8 {
            if c == UInt8(ascii: ".") { fraction = true; continue }
            n = n * 10 + Int128(c - 0x30)
            if fraction { d *= 10 }
        }
        self.init(reducing: negative ? -n : n, d)
    }

    static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        // Points and metrics are small: 64-bit division is several times faster than 128-bit.
        if a >> 64 == 0 && b >> 64 == 0 {
            var x = UInt64(truncatingIfNeeded: a)
            var y = UInt64(truncatingIfNeeded: b)
            while y != 0 { (x, y) = (y, x % y) }
            return x == 0 ? 1 : UInt128(x)
        }
        var a = a
        var b = b
        while b != 0 { (a, b) = (b, a % b) }
        return a == 0 ? 1 : a
    }

    public var isInteger: Bool { denominator == 1 }

    /// Whether this is a whole number of `step`s (`2.5` is a multiple of `0.5`).
    public func isMultiple(of step: Exact) -> Bool {
        guard !step.isZero else { return false }
        // (a/b) / (c/d) is whole when a·d is a multiple of b·c.
        let (ad, o1) = numerator.multipliedReportingOverflow(by: step.denominator)
        let (bc, o2) = denominator.multipliedReportingOverflow(by: step.numerator)
        // Products too large for 128 bits are taken in unbounded integers: the answer never fails.
        if o1 || o2 { return (BigInt(numerator) * BigInt(step.denominator)) % (BigInt(denominator) * BigInt(step.numerator)) == 0 }
        return ad % bc == 0
    }
    public var isNegative: Bool { numerator < 0 }
    public var isZero: Bool { numerator == 0 }

    // MARK: Arithmetic

    public func adding(_ other: Exact) throws(ArithmeticFailure) -> Exact {
        if denominator == other.denominator {
            let n = try Exact.add(numerator, other.numerator)
            return denominator == 1 ? Exact(unchecked: n, 1) : Exact(reducing: n, denominator)
        }
        let g = Int128(Exact.gcd(denominator.magnitude, other.denominator.magnitude))
        let left = try Exact.multiply(numerator, other.denominator / g)
        let right = try Exact.multiply(other.numerator, denominator / g)
        let n = try Exact.add(left, right)
        return Exact(reducing: n, try Exact.multiply(denominator, other.denominator / g))
    }

    public func subtracting(_ other: Exact) throws(ArithmeticFailure) -> Exact {
        try adding(other.negated())
    }

    public func multiplying(_ other: Exact) throws(ArithmeticFailure) -> Exact {
        // Cross-reduce first so that intermediate products stay small.
        let g1 = Int128(Exact.gcd(numerator.magnitude, other.denominator.magnitude))
        let g2 = Int128(Exact.gcd(other.numerator.magnitude, denominator.magnitude))
        let n = try Exact.multiply(numerator / g1, other.numerator / g2)
        let d = try Exact.multiply(denominator / g2, other.denominator / g1)
        return Exact(unchecked: n, d)
    }

    public func dividing(by other: Exact) throws(ArithmeticFailure) -> Exact {
        guard other.numerator != 0 else { throw .divisionByZero }
        let inverse = other.numerator < 0
            ? Exact(unchecked: -other.denominator, -other.numerator)
            : Exact(unchecked: other.denominator, other.numerator)
        return try multiplying(inverse)
    }

    public func negated() -> Exact { Exact(unchecked: -numerator, denominator) }
    public var magnitude: Exact { numerator < 0 ? negated() : self }

    private static func multiply(_ a: Int128, _ b: Int128) throws(ArithmeticFailure) -> Int128 {
        let (p, o) = a.multipliedReportingOverflow(by: b)
        if o || p == .min { throw .overflow }
        return p
    }

    /// `a + b`; like `multiply`, refuses `Int128.min`, whose negation does not fit.
    private static func add(_ a: Int128, _ b: Int128) throws(ArithmeticFailure) -> Int128 {
        let (s, o) = a.addingReportingOverflow(b)
        if o || s == .min { throw .overflow }
        return s
    }

    public static func < (lhs: Exact, rhs: Exact) -> Bool {
        if lhs.denominator == rhs.denominator { return lhs.numerator < rhs.numerator }
        // a/b < c/d exactly as a·d < c·b, with 256-bit products (denominators are positive).
        let l = lhs.numerator.multipliedFullWidth(by: rhs.denominator)
        let r = rhs.numerator.multipliedFullWidth(by: lhs.denominator)
        return l.high < r.high || (l.high == r.high && l.low < r.low)
    }

    // MARK: Rounding

    /// Rounded half away from zero to `decimals` places (`2.345` → `2.35`, `-2.345` → `-2.35`).
    public func rounded(decimals: Int) throws(ArithmeticFailure) -> Exact {
        let scale = try Exact.power10(decimals)
        let scaled = try Exact.multiply(numerator.magnitude == 0 ? 0 : numerator, scale)
        var q = scaled / denominator
        let r = (scaled % denominator).magnitude
        if r * 2 >= denominator.magnitude { q += numerator < 0 ? -1 : 1 }
        return Exact(reducing: q, scale)
    }

    /// Rounded toward negative infinity to `decimals` places.
    public func floored(decimals: Int = 0) throws(ArithmeticFailure) -> Exact {
        let scale = try Exact.power10(decimals)
        let scaled = try Exact.multiply(numerator, scale)
        var q = scaled / denominator
        if scaled % denominator != 0 && scaled < 0 { q -= 1 }
        return Exact(reducing: q, scale)
    }

    /// Rounded toward positive infinity to `decimals` places.
    public func ceiled(decimals: Int = 0) throws(ArithmeticFailure) -> Exact {
        try negated().floored(decimals: decimals).negated()
    }

    static func power10(_ n: Int) throws(ArithmeticFailure) -> Int128 {
        guard n >= 0, n <= 36 else { throw .overflow }
        var p: Int128 = 1
        for _ in 0..<n { p *= 10 }
        return p
    }

    /// The square root rounded half up to `decimals` places (used only by z-score normalisation).
    public func squareRoot(decimals: Int) throws(ArithmeticFailure) -> Exact {
        guard numerator >= 0 else { throw .negativeRoot }
        // sqrt(n/d) · 10^k = sqrt(n · d · 10^2k) / d; take the integer root of twice the precision.
        let scale = try Exact.power10(decimals + 1)
        let radicand = try Exact.multiply(try Exact.multiply(numerator, denominator), try Exact.multiply(scale, scale))
        let root = Exact.integerSquareRoot(radicand.magnitude)
        let value = Exact(reducing: Int128(root), try Exact.multiply(denominator, scale))
        return try value.rounded(decimals: decimals)
    }

    static func integerSquareRoot(_ n: UInt128) -> UInt128 {
        guard n > 1 else { return n }
        var x = UInt128(1) << ((UInt128.bitWidth - n.leadingZeroBitCount) / 2 + 1)
        while true {
            let y = (x + n / x) / 2
            if y >= x { return x }
            x = y
        }
    }

    // MARK: Text

    /// True when the value has a finite decimal expansion (the denominator is 2^a·5^b).
    public var isTerminating: Bool {
        var d = denominator
        while d % 2 == 0 { d /= 2 }
        while d % 5 == 0 { d /= 5 }
        return d == 1
    }

    /// Decimal text with a point, as short as exact (`97.5`, `-3`); a non-terminating value
    /// shows as a fraction (`1/3`).
    public var description: String {
        guard isTerminating else { return "\(numerator)/\(denominator)" }
        var places = 0
        var d = denominator
        while d != 1 {
            if d % 10 == 0 { d /= 10 } else if d % 2 == 0 { d /= 2 } else { d /= 5 }
            places += 1
        }
        return plain(places: places, separator: ".")
    }

    /// Vietnamese display: a decimal comma. Exact values show exactly (`97,5`); a value with
    /// no finite decimal expansion shows rounded to `decimals` places after "≈" (`≈33,33`).
    public var vietnamese: String {
        if isInteger { return String(numerator) }
        func comma(_ text: String) -> String {
            var text = text
            if let point = text.firstIndex(of: ".") { text.replaceSubrange(point...point, with: ",") }
            return text
        }
        if isTerminating { return comma(description) }
        // As the rounded value's description would show it: trailing zeros dropped.
        let (sign, whole, fraction) = roundedDigits(places: 4)
        let kept = fraction.reversed().drop(while: { $0 == "0" }).reversed()
        return "≈" + sign + whole + (kept.isEmpty ? "" : "," + String(kept))
    }

    /// Exactly `places` decimals, rounded half away from zero when needed.
    public func text(decimals places: Int, separator: String = ",") -> String {
        let (sign, whole, fraction) = roundedDigits(places: places)
        return sign + whole + (places > 0 ? separator + fraction : "")
    }

    /// The value rounded half away from zero to `places` decimals, as its sign ("-" unless the
    /// rounded value is 0), whole digits and `places` fraction digits. Worked out in unbounded
    /// integers, so it never fails, however large the value or the number of places.
    private func roundedDigits(places: Int) -> (sign: String, whole: String, fraction: String) {
        var scale = BigUInt(1)
        for _ in 0..<max(0, places) { scale *= 10 }
        let d = BigUInt(denominator)
        var (q, r) = (BigUInt(numerator.magnitude) * scale).quotientAndRemainder(dividingBy: d)
        if r * 2 >= d { q += 1 }
        let (whole, fraction) = q.quotientAndRemainder(dividingBy: scale)
        let digits = places > 0 ? String(fraction) : ""
        return (numerator < 0 && q != 0 ? "-" : "", String(whole), String(repeating: "0", count: max(0, places) - digits.count) + digits)
    }

    /// A terminating value's exact digits (`places` at least as many as it has); beyond 36
    /// places, where 10^places does not fit 128 bits, its fraction (as for a non-terminating one).
    private func plain(places: Int, separator: String) -> String {
        guard places <= 36 else { return "\(numerator)/\(denominator)" }
        var scale: Int128 = 1
        for _ in 0..<places { scale *= 10 }
        // Whole part and fraction apart: |numerator| · 10^places may not fit in 128 bits.
        let m = numerator.magnitude
        let d = UInt128(denominator)
        let sign = numerator < 0 ? "-" : ""
        let whole = String(m / d)
        guard places > 0 else { return sign + whole }
        let fraction = String((m % d) * (UInt128(scale) / d))
        return sign + whole + separator + String(repeating: "0", count: places - fraction.count) + fraction
    }
}

extension Exact: Codable {
    /// Encoded as its exact text: `"97.5"`, or `"1/3"` when it has no finite decimal expansion.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        if let slash = text.firstIndex(of: "/"), let n = Int128(text[..<slash]), let d = Int128(text[text.index(after: slash)...]),
            let value = Exact(numerator: n, denominator: d) {
            self = value
        } else if let value = Exact(text) {
            self = value
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an exact number: \(text)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Why an exact operation failed.
public enum ArithmeticFailure: Error, Sendable, Hashable {
    case divisionByZero
    case overflow
    case negativeRoot
}

extension Exact: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}
