/// Why an export could not be made.
public enum ExportFailure: Error, Sendable, Hashable, CustomStringConvertible {
    case xml(String)
    case schema(String)

    public var description: String {
        switch self {
        case .xml(let message): "XML: \(message)"
        case .schema(let message): "lược đồ XML: \(message)"
        }
    }
}
