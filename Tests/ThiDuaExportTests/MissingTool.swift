import Foundation
import Testing

/// What a test does when a file it checks against (the OASIS ODF schema in `../shared`) is not
/// there: in CI (`CI=true`) that is a failure, never a silent skip; elsewhere it says so.
func missing(_ what: String, at path: String, sourceLocation: SourceLocation = #_sourceLocation) {
    if ProcessInfo.processInfo.environment["CI"] == "true" {
        Issue.record("\(what) is missing at \(path); in CI every check runs (../shared must be beside the clone)", sourceLocation: sourceLocation)
    } else {
        print("SKIP: no \(what) at \(path) (../shared is not beside this clone)")
    }
}
