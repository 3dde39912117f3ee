/// A calendar day, without time or time zone: deadlines, registration and report dates.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a day, or nil if there is no such date (30/02, 31/04…).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Day.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `2024-11-25` (ISO 8601) or `25/11/2024` (as written in Vietnam).
    public init?(parsing text: some StringProtocol) {
        let parts: [Substring]
        let y: Substring, m: Substring, d: Substring
        let text = Substring(text)
        if text.contains("/") {
            parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count)
            else { return nil }
            (d, m, y) = (parts[0], parts[1], parts[2])
        } else {
            parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2 else { return nil }
            (y, m, d) = (parts[0], parts[1], parts[2])
        }
        guard [y, m, d].allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            let yy = Int(y), let mm = Int(m), let dd = Int(d)
        else { return nil }
        self.init(year: yy, month: mm, day: dd)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// ISO 8601, `2024-11-25`: the form stored and sorted.
    public var description: String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// As written in Vietnamese documents, `25/11/2024`.
    public var vietnamese: String {
        pad(day, 2) + "/" + pad(month, 2) + "/" + String(year)
    }

    /// As an administrative document writes a date (Nghị định 30/2020): `ngày 04 tháng 5 năm 2024`;
    /// days under 10 and the months 1 and 2 take a leading zero.
    public var inWords: String {
        "ngày " + pad(day, 2) + " tháng " + (month <= 2 ? pad(month, 2) : String(month)) + " năm " + String(year)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// `value` in decimal, with leading zeros up to `width` digits (dates and times).
func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Day {
    /// Days since 1970-01-01 (proleptic Gregorian), for differences between days.
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The day `days` after 1970-01-01 (Howard Hinnant's civil_from_days).
    public init(daysSinceEpoch days: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)!
    }
}
