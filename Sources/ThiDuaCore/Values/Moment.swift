/// An offset from UTC, in whole minutes east of Greenwich: `+07:00` is Việt Nam's
/// (Asia/Ho_Chi_Minh, with no daylight saving time).
public struct UTCOffset: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Minutes east of UTC, −12:00…+14:00.
    public let minutes: Int

    public static let utc = UTCOffset(uncheckedMinutes: 0)
    /// Asia/Ho_Chi_Minh: a campaign's time zone unless it says otherwise.
    public static let vietnam = UTCOffset(uncheckedMinutes: 7 * 60)

    public init?(minutes: Int) {
        guard (-12 * 60...14 * 60).contains(minutes) else { return nil }
        self.minutes = minutes
    }

    private init(uncheckedMinutes: Int) { minutes = uncheckedMinutes }

    /// `+07:00`, `-05:30`, or `Z` (UTC).
    public init?(parsing text: some StringProtocol) {
        if text.elementsEqual("Z") {
            self = .utc
            return
        }
        let bytes = Array(text.utf8)
        guard bytes.count == 6, bytes[0] == 0x2B || bytes[0] == 0x2D, bytes[3] == 0x3A,
            let h = Self.twoDigits(bytes[1], bytes[2]), let m = Self.twoDigits(bytes[4], bytes[5]), m < 60
        else { return nil }
        self.init(minutes: (bytes[0] == 0x2D ? -1 : 1) * (h * 60 + m))
    }

    static func twoDigits(_ a: UInt8, _ b: UInt8) -> Int? {
        let (x, y) = (a &- 0x30, b &- 0x30)
        guard x < 10, y < 10 else { return nil }
        return Int(x) * 10 + Int(y)
    }

    /// `+07:00`; UTC is `+00:00`.
    public var description: String {
        let m = abs(minutes)
        return (minutes < 0 ? "-" : "+") + pad(m / 60, 2) + ":" + pad(m % 60, 2)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let offset = UTCOffset(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a UTC offset: \(text)"))
        }
        self = offset
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// An instant to the second, with the UTC offset it was written in: when a juror scored.
///
/// The instant orders the score log; the offset only says how to show it. A time written
/// without an offset is read in a time zone the caller names (a campaign's).
///
/// ```swift
/// let web = Moment(parsing: "2024-12-10T02:00:00Z", assuming: nil)!
/// let sheet = Moment(parsing: "2024-12-10 08:45", assuming: .vietnam)!   // 01:45 UTC
/// sheet < web   // true: compared as instants
/// ```
public struct Moment: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let secondsSinceEpoch: Int64
    /// The offset the time was written in; ``day``, ``hour``… are the clock at that offset.
    public let offset: UTCOffset

    public init(secondsSinceEpoch: Int64, offset: UTCOffset) {
        self.secondsSinceEpoch = secondsSinceEpoch
        self.offset = offset
    }

    /// The time a clock at `offset` shows as `day` `hour`:`minute`:`second`.
    public init?(day: Day, hour: Int, minute: Int, second: Int = 0, offset: UTCOffset) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        let local = Int64(day.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.init(secondsSinceEpoch: local - Int64(offset.minutes * 60), offset: offset)
    }

    /// Parses a day (as ``Day``: `2024-12-10` or `10/12/2024`), a space or `T`, `HH:MM` or
    /// `HH:MM:SS`, then optionally an offset: `Z`, `+07:00`, `-05:30`. A time without one is
    /// read at `assumed`; with `assumed` nil it is refused.
    public init?(parsing text: some StringProtocol, assuming assumed: UTCOffset?) {
        var text = Substring(text)
        var offset = assumed
        if text.hasSuffix("Z") {
            offset = .utc
            text = text.dropLast()
        } else if text.count > 6, let sign = text.dropLast(5).last, sign == "+" || sign == "-" {
            guard let given = UTCOffset(parsing: text.suffix(6)) else { return nil }
            offset = given
            text = text.dropLast(6)
        }
        guard let offset, let sep = text.firstIndex(where: { $0 == " " || $0 == "T" }),
            let day = Day(parsing: text[..<sep])
        else { return nil }
        let clock = text[text.index(after: sep)...].split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(clock.count),
            clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) }),
            let h = Int(clock[0]), let m = Int(clock[1])
        else { return nil }
        let s = clock.count == 3 ? Int(clock[2]) ?? -1 : 0
        self.init(day: day, hour: h, minute: m, second: s, offset: offset)
    }

    private var localSeconds: Int64 { secondsSinceEpoch + Int64(offset.minutes * 60) }
    private var secondOfDay: Int {
        let s = localSeconds % 86_400
        return Int(s < 0 ? s + 86_400 : s)
    }

    /// The day on a clock at ``offset``.
    public var day: Day {
        let s = localSeconds
        return Day(daysSinceEpoch: Int(s >= 0 ? s / 86_400 : (s - 86_399) / 86_400))
    }
    public var hour: Int { secondOfDay / 3600 }
    public var minute: Int { secondOfDay % 3600 / 60 }
    public var second: Int { secondOfDay % 60 }

    /// The same instant at another offset.
    public func at(_ offset: UTCOffset) -> Moment { Moment(secondsSinceEpoch: secondsSinceEpoch, offset: offset) }

    /// One second later, at the same offset.
    public var nextSecond: Moment { Moment(secondsSinceEpoch: secondsSinceEpoch + 1, offset: offset) }

    /// ISO 8601 with the offset, `2024-12-10T08:45:00+07:00`.
    public var description: String {
        day.description + "T" + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2) + offset.description
    }

    /// By the instant; the same instant at two offsets is ordered by the offset, so that the
    /// order is total and agrees with `==`.
    public static func < (lhs: Moment, rhs: Moment) -> Bool {
        (lhs.secondsSinceEpoch, lhs.offset.minutes) < (rhs.secondsSinceEpoch, rhs.offset.minutes)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let moment = Moment(parsing: text, assuming: nil) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a time with an offset: \(text)"))
        }
        self = moment
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
