import Foundation

/// What a page or a JSON error may say about the server: no folder of its file system. An
/// error a command-line user needs (`/srv/thidua/Criteria/dvk.yaml:12:3: …`) names a file by
/// its full path; on the web the same message names it by the file's name only (`dvk.yaml:12:3: …`).
enum Redaction {
    /// `message` with every absolute path (`/a/b/c.yaml`, `file:///a/b`) cut to its last component.
    static func withoutPaths(_ message: String) -> String {
        var out = ""
        out.reserveCapacity(message.count)
        var i = message.startIndex
        while i < message.endIndex {
            let c = message[i]
            let before = i == message.startIndex ? nil : message[message.index(before: i)]
            // A path starts at a "/" that does not follow a letter, digit or "." ("25/11/2024",
            // "0…20", "km/h" stay as they are) and holds at least one more "/".
            if c == "/", !(before.map { $0.isLetter || $0.isNumber || $0 == "." } ?? false) {
                var j = i
                while j < message.endIndex, !Self.ends(message[j]) { j = message.index(after: j) }
                // A sentence's full stop after the path is not part of it.
                while j > i, message[message.index(before: j)] == "." { j = message.index(before: j) }
                let token = message[i..<j]
                let parts = token.split(separator: "/", omittingEmptySubsequences: true)
                if parts.count >= 2 || (parts.count == 1 && token.hasPrefix("//")) {
                    out += (parts.last.map(String.init) ?? "") + (token.hasSuffix("/") ? "/" : "")
                    i = j
                    continue
                }
            }
            out.append(c)
            i = message.index(after: i)
        }
        return out
    }

    /// Where a path ends in a message: a space, a quote or bracket, or `:` (line and column follow).
    private static func ends(_ c: Character) -> Bool {
        c.isWhitespace || ":,;()[]{}\"'“”‘’<>".contains(c)
    }
}
