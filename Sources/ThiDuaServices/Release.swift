import ThiDuaStore

/// This build of ThiĐua: its release and the database schema it reads and writes.
public enum Release {
    /// The release, raised with each one that is installed somewhere.
    public static let version = "0.14.0"

    /// `thidua --version`'s line.
    public static var line: String { "ThiĐua \(version) (lược đồ cơ sở dữ liệu số \(Schema.version))" }
}
