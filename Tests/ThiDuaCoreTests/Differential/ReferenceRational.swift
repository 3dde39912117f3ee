import BigInt

/// The reference scorer's own exact numbers: a fraction of two unbounded integers, always in
/// lowest terms with a positive denominator. Deliberately plain (no fast paths): it shares no
/// code with the engine's `Exact`, so an arithmetic slip on one side shows as a difference.
struct RefQ: Hashable, Comparable, CustomStringConvertible, Sendable {
    let num: BigInt
    let den: BigInt

    init(_ num: BigInt, _ den: BigInt = 1) {
        precondition(den != 0, "RefQ with a zero denominator")
        var n = num, d = den
        if d < 0 { n = -n; d = -d }
        let g = BigInt(n.magnitude.greatestCommonDivisor(with: d.magnitude))
        self.num = g > 1 ? n / g : n
        self.den = g > 1 ? d / g : d
    }

    init(_ i: Int) { self.init(BigInt(i), 1) }

    /// `"12.5"`, `"-0.25"`, `"7"`: plain decimal text as the generator writes it.
    init(decimal text: String) {
        var t = Substring(text)
        var negative = false
        if t.first == "-" { negative = true; t = t.dropFirst() }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        let whole = BigInt(String(parts[0]))!
        var n = whole, d = BigInt(1)
        if parts.count == 2 {
            for ch in parts[1] {
                n = n * 10 + BigInt(Int(String(ch))!)
                d *= 10
            }
        }
        self.init(negative ? -n : n, d)
    }

    static let zero = RefQ(0)
    static let one = RefQ(1)

    static func + (a: RefQ, b: RefQ) -> RefQ { RefQ(a.num * b.den + b.num * a.den, a.den * b.den) }
    static func - (a: RefQ, b: RefQ) -> RefQ { RefQ(a.num * b.den - b.num * a.den, a.den * b.den) }
    static func * (a: RefQ, b: RefQ) -> RefQ { RefQ(a.num * b.num, a.den * b.den) }
    /// Nil when dividing by zero.
    static func / (a: RefQ, b: RefQ) -> RefQ? { b.num == 0 ? nil : RefQ(a.num * b.den, a.den * b.num) }
    static prefix func - (a: RefQ) -> RefQ { RefQ(-a.num, a.den) }
    static func < (a: RefQ, b: RefQ) -> Bool { a.num * b.den < b.num * a.den }

    var isNegative: Bool { num < 0 }
    var magnitude: RefQ { isNegative ? -self : self }

    /// ⌊x⌋ (towards −∞).
    var floor: BigInt {
        let (q, r) = num.quotientAndRemainder(dividingBy: den)
        return (r != 0 && num < 0) ? q - 1 : q
    }
    var ceil: BigInt { -((-self).floor) }

    static let powers: [BigInt] = (0...30).reduce(into: [BigInt(1)]) { acc, _ in acc.append(acc.last! * 10) }
    static func pow10(_ n: Int) -> BigInt { powers[n] }

    /// Half away from zero, to `places` decimals: |x|·10^p + 1/2, floored, with x's sign.
    func rounded(_ places: Int) -> RefQ {
        let scale = RefQ(RefQ.pow10(places))
        let shifted = magnitude * scale + RefQ(1, 2)
        let n = shifted.floor
        return RefQ(isNegative ? -n : n, RefQ.pow10(places))
    }

    func floored(_ places: Int) -> RefQ { RefQ((self * RefQ(RefQ.pow10(places))).floor, RefQ.pow10(places)) }
    func ceiled(_ places: Int) -> RefQ { RefQ((self * RefQ(RefQ.pow10(places))).ceil, RefQ.pow10(places)) }

    func clamped(_ low: RefQ, _ high: RefQ) -> RefQ { self < low ? low : (high < self ? high : self) }

    /// True when x is an integer multiple of `step`.
    func isMultiple(of step: RefQ) -> Bool { (self / step)!.den == 1 }

    /// Plain decimal text when it terminates (`12.5`), else `n/d`.
    var description: String {
        var d = den
        var twos = 0, fives = 0
        while d % 2 == 0 { d /= 2; twos += 1 }
        while d % 5 == 0 { d /= 5; fives += 1 }
        guard d == 1 else { return "\(num)/\(den)" }
        let places = max(twos, fives)
        let scaled = num * RefQ.pow10(places) / den
        if places == 0 { return "\(scaled)" }
        let sign = scaled < 0 ? "-" : ""
        var digits = String(scaled.magnitude)
        while digits.count <= places { digits = "0" + digits }
        let cut = digits.index(digits.endIndex, offsetBy: -places)
        return sign + digits[..<cut] + "." + digits[cut...]
    }
}
