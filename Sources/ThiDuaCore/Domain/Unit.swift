/// An agency, a commune or ward, a party or mass-organisation body (đơn vị).
///
/// Units form a tree through ``parent``.
public struct Unit: Sendable, Hashable, Codable {
    /// What sort of body a unit is.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case locality
        case ward
        case commune
        case township
        case specialZone = "special_zone"
        case agency
        case massOrganisation = "mass_organisation"
        case partyBody = "party_body"

        /// The Vietnamese name shown to users.
        public var title: String {
            switch self {
            case .locality: "Địa phương"
            case .ward: "Phường"
            case .commune: "Xã"
            case .township: "Thị trấn"
            case .specialZone: "Đặc khu"
            case .agency: "Cơ quan"
            case .massOrganisation: "Mặt trận, đoàn thể"
            case .partyBody: "Cơ quan Đảng"
            }
        }
    }

    public var code: String
    public var name: String
    public var kind: Kind
    /// The code of the parent unit, if any.
    public var parent: String?

    public init(code: String, name: String, kind: Kind, parent: String? = nil) {
        self.code = code
        self.name = name
        self.kind = kind
        self.parent = parent
    }
}

/// The group of units that compete with each other in a year (khối thi đua).
public struct Bloc: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var year: Int
    /// The unit code of the bloc leader (khối trưởng).
    public var leader: String
    /// Unit codes of the members, the leader included.
    public var members: [String]

    public init(code: String, name: String, year: Int, leader: String, members: [String]) {
        self.code = code
        self.name = name
        self.year = year
        self.leader = leader
        self.members = members
    }
}
