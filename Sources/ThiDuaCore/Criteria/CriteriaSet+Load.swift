import Yams

extension CriteriaSet {
    static let topKeys = ["id", "version", "title", "applies_to", "decimals", "round", "inputs", "jury", "groups",
        "targets", "units", "bonus", "bonus_cap", "penalty", "penalty_cap", "veto", "tiers", "ranking", "awards", "exclusive"]

    /// Loads a criteria set from a YAML file's bytes. A wrong file is refused whole: the
    /// ``CriteriaFailure`` lists every mistake as `file:line:column: message`.
    public static func load(bytes: [UInt8], file: String) throws(CriteriaFailure) -> CriteriaSet {
        var reading: YAMLReading
        guard let source = String(validating: bytes, as: UTF8.self) else {
            throw CriteriaFailure(file: file, issues: [CriteriaIssue(file: file, line: 1, column: 1,
                message: "tệp phải là văn bản UTF-8")])
        }
        reading = YAMLReading(file: file, source: source)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: source) else {
                throw CriteriaFailure(file: file, issues: [CriteriaIssue(file: file, line: 1, column: 1, message: "tệp rỗng: cần một bộ tiêu chí")])
            }
            root = node
        } catch let failure as CriteriaFailure {
            throw failure
        } catch {
            throw CriteriaFailure(file: file, issues: [yamlIssue(error, source: source, file: file)])
        }
        var loader = CriteriaLoader(reading: reading)
        let set = loader.load(root, sha256: SHA256.hex(bytes), file: file)
        guard let set, loader.reading.issues.isEmpty else {
            let sorted = loader.reading.issues.enumerated().sorted {
                ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset)
            }.map(\.element)
            throw CriteriaFailure(file: file, issues: sorted)
        }
        return set
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return s
    }
}
