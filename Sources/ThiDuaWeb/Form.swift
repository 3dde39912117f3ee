import Foundation

/// The fields of an `application/x-www-form-urlencoded` body (or a query string): the last
/// value of each name wins. Invalid percent escapes are kept as written.
struct Form: Sendable {
    var fields: [String: String] = [:]

    init(_ encoded: String) {
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            fields[name] = value.precomposedStringWithCanonicalMapping
        }
    }

    subscript(_ name: String) -> String? { fields[name] }

    static func decode(_ text: Substring) -> String {
        let plus = text.replacingOccurrences(of: "+", with: " ")
        return plus.removingPercentEncoding ?? plus
    }
}
