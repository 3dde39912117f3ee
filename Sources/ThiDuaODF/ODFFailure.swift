/// Why an ODF or XML part could not be made or read.
public enum ODFFailure: Error, Sendable, Hashable, CustomStringConvertible {
    case xml(String)
    case package(String)

    public var description: String {
        switch self {
        case .xml(let message): "XML: \(message)"
        case .package(let message): "gói ODF: \(message)"
        }
    }
}
