/// A mistake the user can fix, said in Vietnamese: the command line prints it and exits 1, the
/// web app shows it.
public struct UserError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
