/// Why an export could not be made.
public enum ExportFailure: Error, Sendable, Hashable, CustomStringConvertible {
    case xml(String)
    case schema(String)
    /// The award configuration does not fit the awards (a form without its decision…).
    case decision(String)

    public var description: String {
        switch self {
        case .xml(let message): "XML: \(message)"
        case .schema(let message): "lược đồ XML: \(message)"
        case .decision(let message): "quyết định khen thưởng: \(message)"
        }
    }
}
