import Foundation

/// A registered "Dân vận khéo" model (mô hình), collective or individual, in one field.
public struct Model: Sendable, Hashable, Codable {
    /// Tập thể or điển hình cá nhân; an individual model names its person.
    public enum Holder: Sendable, Hashable, Codable {
        case collective
        case individual(name: String, position: String)
    }

    /// The field (lĩnh vực) a model works in.
    public enum Field: String, Sendable, Hashable, Codable, CaseIterable {
        case economy
        case cultureSociety = "culture_society"
        case defenceSecurity = "defence_security"
        case politicalSystem = "political_system"

        public var title: String {
            switch self {
            case .economy: "Kinh tế"
            case .cultureSociety: "Văn hóa – xã hội"
            case .defenceSecurity: "Quốc phòng – an ninh"
            case .politicalSystem: "Xây dựng hệ thống chính trị"
            }
        }
    }

    /// The text fields of the registration form (phiếu đăng ký mô hình).
    public struct Form: Sendable, Hashable, Codable {
        /// Thực trạng, lý do xây dựng mô hình.
        public var situation: String?
        /// Mục tiêu.
        public var goals: String?
        /// Nội dung và cách làm.
        public var approach: String?
        /// Địa bàn và đối tượng.
        public var areaAndPeople: String?
        /// Lực lượng chủ trì, phối hợp.
        public var forces: String?
        /// Nguồn lực.
        public var resources: String?
        /// Thời gian thực hiện.
        public var duration: String?
        /// Sản phẩm đầu ra.
        public var outputs: String?
        /// Khả năng duy trì và nhân rộng.
        public var sustainability: String?

        public init(
            situation: String? = nil, goals: String? = nil, approach: String? = nil,
            areaAndPeople: String? = nil, forces: String? = nil, resources: String? = nil,
            duration: String? = nil, outputs: String? = nil, sustainability: String? = nil
        ) {
            self.situation = situation
            self.goals = goals
            self.approach = approach
            self.areaAndPeople = areaAndPeople
            self.forces = forces
            self.resources = resources
            self.duration = duration
            self.outputs = outputs
            self.sustainability = sustainability
        }
    }

    /// A fact recorded about a model, as it was written (`true`, `Có`, `Thị xã Phú Lâm`).
    ///
    /// The criteria set decides how it is read (`inputs.facts`): a fact declared `text` is its
    /// text as is; any other is a yes/no, and only ``yesNo``'s words are one.
    public struct Fact: Sendable, Hashable, Codable, CustomStringConvertible {
        public var text: String

        public init(_ text: String) { self.text = text }

        public static func text(_ text: String) -> Fact { Fact(text) }
        /// A yes/no fact, written `true` or `false`.
        public static func bool(_ value: Bool) -> Fact { Fact(value ? "true" : "false") }

        /// Yes or no for `true`/`có` and `false`/`không` in any case; nil for any other text.
        public var yesNo: Bool? {
            switch text.lowercased() {
            case "true", "có": true
            case "false", "không": false
            default: nil
            }
        }

        public var description: String { text }

        public init(from decoder: any Decoder) throws {
            text = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(text)
        }
    }

    public var code: String
    /// The campaign code.
    public var campaign: String
    /// The code of the owning unit.
    public var unit: String
    public var holder: Holder
    public var field: Field
    public var name: String
    public var registeredOn: Day
    public var form: Form
    /// Named figures (số liệu), exact.
    public var metrics: [String: Exact]
    public var facts: [String: Fact]

    public init(
        code: String, campaign: String, unit: String, holder: Holder, field: Field, name: String,
        registeredOn: Day, form: Form = Form(), metrics: [String: Exact] = [:], facts: [String: Fact] = [:]
    ) {
        self.code = code
        self.campaign = campaign
        self.unit = unit
        self.holder = holder
        self.field = field
        self.name = name
        self.registeredOn = registeredOn
        self.form = form
        self.metrics = metrics
        self.facts = facts
    }
}
