import Foundation
import Testing
@testable import ThiDuaCore
import ThiDuaExport
import ThiDuaODF
import ZIPFoundation

/// The award decision and the certificates, from awards and the campaign's configuration, into
/// the shipped templates.
@Suite struct AwardDocumentsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let set = try! CriteriaSet.load(
        bytes: [UInt8](try! Data(contentsOf: root.appendingPathComponent("Criteria/dan-van-kheo-mo-hinh.yaml"))),
        file: "Criteria/dan-van-kheo-mo-hinh.yaml")
    static let campaign = Campaign(code: "DVK-2024", year: 2024, title: "Phong trào thi đua \"Dân vận khéo\" năm 2024",
        criteriaSet: "dvk-mo-hinh", state: .scoring)
    static let config = try! AwardDecisions.load(
        bytes: [UInt8](try! Data(contentsOf: root.appendingPathComponent("Examples/khen-thuong-DVK-2024.yaml"))),
        file: "Examples/khen-thuong-DVK-2024.yaml")

    static func awarded(_ entry: String, rank: Int, total: Exact) -> AwardedEntry {
        AwardedEntry(entry: entry, unit: "U-\(entry)", rank: rank, total: total, tier: "xuat_sac", drawn: false)
    }

    static let awards = AwardList(forms: [
        AwardOutcome(id: "bang_khen", title: "Bằng khen", authority: "Chủ tịch UBND tỉnh", groups: [
            AwardGroupOutcome(group: "KHOI-XP", eligible: 2, places: 4, arithmetic: [], awarded: [awarded("MH-05", rank: 1, total: Exact("98.54")!)]),
        ]),
        AwardOutcome(id: "giay_khen", title: "Giấy khen", authority: "Chủ tịch UBND thị xã", groups: [
            AwardGroupOutcome(group: "KHOI-XP", eligible: 3, places: 3, arithmetic: [], awarded: [
                awarded("MH-09", rank: 3, total: 85), awarded("MH-01", rank: 2, total: Exact("89.93")!),
            ]),
            AwardGroupOutcome(group: "KHOI-CQ", eligible: 1, places: 3, arithmetic: [], awarded: [awarded("MH-34", rank: 2, total: Exact("88.7")!)]),
        ]),
    ], seed: nil)

    static let recipients: [String: Recipient] = [
        "MH-05": Recipient(name: "UBND phường Phú Lâm", position: nil, unit: "UBND phường Phú Lâm", model: "Chợ văn minh <sạch> & \"xanh\""),
        "MH-01": Recipient(name: "UBND phường An Phú", position: nil, unit: "UBND phường An Phú", model: "Hiến đất mở hẻm"),
        "MH-09": Recipient(name: "Nguyễn Thị Hoa", position: "Chủ tịch Hội Phụ nữ, UBND xã Hòa Lợi", unit: "UBND xã Hòa Lợi", model: "Tổ vay vốn"),
        "MH-34": Recipient(name: "Phòng Tài nguyên và Môi trường", position: nil, unit: "Phòng Tài nguyên và Môi trường", model: "Một cửa"),
    ]

    static func documents(config: AwardDecisions = config) throws(ExportFailure) -> AwardDocuments {
        try AwardDocuments(campaign: campaign, set: set, awards: awards, decisions: config, recipients: recipients, decimals: 2)
    }

    @Test func theDecisionSaysWhoIsAwardedAndListsThem() throws {
        let documents = try Self.documents()
        #expect(documents.forms.map(\.form.id) == ["bang_khen", "giay_khen"])
        let data = documents.decision(1)
        #expect(data.fields["dieu_1"] == "Tặng Giấy khen của Chủ tịch UBND thị xã cho 2 tập thể và 1 cá nhân đã có thành tích xuất sắc trong phong trào thi đua \"Dân vận khéo\" năm 2024 (có danh sách kèm theo).")
        #expect(data.fields["noi_ngay"] == "Phú Lâm, ngày 20 tháng 12 năm 2024")
        #expect(data.fields["kem_theo"] == "(Kèm theo Quyết định số 127-QĐ/TU, ngày 20/12/2024 của Chủ tịch UBND thị xã)")
        #expect(data.fields["ten_danh_sach"] == "Tập thể, cá nhân được tặng Giấy khen của Chủ tịch UBND thị xã")
        // Căn cứ lines end with ";", the last with "."; nơi nhận ends with the archive line.
        let bases = data.lists["can_cu"]!.map { $0[""]! }
        #expect(bases.first == "Căn cứ Điều lệ Đảng;")
        #expect(bases.last == "Xét đề nghị của Ban Dân vận Thị uỷ.")
        #expect(data.lists["noi_nhan"]!.map { $0[""]! } == ["- Như Điều 3;", "- Ban Dân vận Tỉnh uỷ;", "- Thường trực Thị uỷ;", "- Lưu: Văn phòng Thị uỷ."])
        #expect(data.lists["dieu"]!.map { $0["so"]! } == ["2", "3"])
        // Groups in Vietnamese order (KHOI-CQ before KHOI-XP), by rank; collectives before individuals,
        // under "I. TẬP THỂ" and "II. CÁ NHÂN", each part numbered from 1 (issue 12).
        let list = data.lists["danh_sach"]!
        #expect(list.map { $0["ma"] ?? "" } == ["", "MH-34", "MH-01", "", "MH-09"])
        #expect(list.map { $0["stt"]! } == ["I", "1", "2", "II", "1"])
        #expect(list[0]["ten"] == "TẬP THỂ" && list[3]["ten"] == "CÁ NHÂN")
        #expect(list[4]["ten"] == "Nguyễn Thị Hoa, Chủ tịch Hội Phụ nữ, UBND xã Hòa Lợi")
        #expect(list[2]["thanh_tich"] == "Mô hình “Hiến đất mở hẻm”")
        // Only collectives: no parts.
        #expect(documents.decision(0).lists["danh_sach"]!.map { $0["stt"]! } == ["1"])
    }

    @Test func eachCertificateHasItsRecipientAndRegisterNumber() throws {
        let pages = try Self.documents().certificates(1)
        #expect(pages.map(\.entry) == ["MH-34", "MH-01", "MH-09"])
        let first = pages[0].data.fields
        #expect(first["hinh_thuc"] == "GIẤY KHEN")
        #expect(first["tham_quyen"] == "BAN THƯỜNG VỤ THỊ UỶ PHÚ LÂM")
        #expect(first["thanh_tich"] == "Đã có thành tích xuất sắc trong phong trào thi đua \"Dân vận khéo\" năm 2024")
        #expect(first["so_so_vang"] == "85/GK-2024")
        #expect(pages[2].data.fields["so_so_vang"] == "87/GK-2024")
        #expect(pages[2].data.fields["chuc_vu"] == "Chủ tịch Hội Phụ nữ, UBND xã Hòa Lợi")
        #expect(first["ngay_quyet_dinh"] == "ngày 20 tháng 12 năm 2024")
    }

    /// The text of a filled template's content.xml.
    static func content(_ name: String, _ schema: TemplateSchema, _ pages: [TemplateData]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = [UInt8](try Data(contentsOf: root.appendingPathComponent("Exports/\(name)")))
        let url = directory.appendingPathComponent("out.odt")
        try ODFTemplate(flat: source, name: name).compile(schema).write(pages: pages, to: url, title: "Thử")
        let archive = try Archive(url: url, accessMode: .read)
        var data = Data()
        _ = try archive.extract(try #require(archive["content.xml"]), consumer: { data.append($0) })
        return String(decoding: data, as: UTF8.self)
    }

    /// Issue 12: the certificates printed "PHÓ CHỦ TỊCH" without "KT. CHỦ TỊCH" above it, and
    /// "CHỦ TỊCH" without "TM. ỦY BAN NHÂN DÂN", because the templates had no <ky_thay>.
    @Test func certificatesPrintTheSigningCapacityAboveTheTitle() throws {
        let documents = try Self.documents()
        var cases: [(AwardDecision.Signer, [TemplateData])] = [
            (.init(capacity: "KT. CHỦ TỊCH", title: "PHÓ CHỦ TỊCH", name: "Lê Văn Thành"), documents.certificates(0).map(\.data)),
        ]
        var config = Self.config
        config.decisions[0].signer = .init(capacity: "TM. ỦY BAN NHÂN DÂN", title: "CHỦ TỊCH", name: "Trần Quốc Hưng")
        config.decisions[0].authority = "ỦY BAN NHÂN DÂN TỈNH BÌNH AN"
        cases.append((config.decisions[0].signer, try Self.documents(config: config).certificates(0).map(\.data)))
        for (signer, pages) in cases {
            #expect(pages[0].fields["ky_thay"] == signer.capacity)
            for name in ["giay-khen.fodt", "giay-khen-in-phoi.fodt"] {
                let content = try Self.content(name, AwardDocuments.certificateSchema, pages)
                let capacity = try #require(content.range(of: ">\(signer.capacity!)</text:p>"), "\(name): no \(signer.capacity!)")
                let title = try #require(content.range(of: ">\(signer.title)</text:p>"), "\(name): no \(signer.title)")
                let signed = try #require(content.range(of: ">\(signer.name)</text:p>"), "\(name): no \(signer.name)")
                #expect(capacity.upperBound <= title.lowerBound && title.upperBound <= signed.lowerBound, "\(name)")
            }
        }
    }

    /// Issue 12: with no register numbers the certificate printed an empty "Số sổ vàng:".
    @Test func aCertificateWithoutARegisterNumberHasNoRegisterLine() throws {
        var config = Self.config
        let numbered = try Self.content("giay-khen.fodt", AwardDocuments.certificateSchema,
            try Self.documents(config: config).certificates(1).map(\.data))
        #expect(numbered.contains(">Số sổ vàng: 85/GK-2024</text:p>"))
        config.decisions[1].registerFirst = nil
        let pages = try Self.documents(config: config).certificates(1).map(\.data)
        #expect(pages[0].fields["so_so_vang"] == "")
        let content = try Self.content("giay-khen.fodt", AwardDocuments.certificateSchema, pages)
        #expect(!content.contains("Số sổ vàng"))
        #expect(content.contains(">Quyết định số 127-QĐ/TU</text:p>"))
    }

    /// The head signing a decision of their own has no capacity: no empty line above "CHỦ TỊCH"
    /// (the title then stands level with "Nơi nhận:"); "TM. …" and "KT. …" are a paragraph each.
    @Test func noCapacityLeavesNoEmptyLineAboveTheTitle() throws {
        var config = Self.config
        config.decisions[1].signer = .init(capacity: nil, title: "CHỦ TỊCH", name: "Nguyễn Văn Bình")
        let documents = try Self.documents(config: config)
        let decision = try Self.content("quyet-dinh.fodt", AwardDocuments.decisionSchema, [documents.decision(1)])
        #expect(decision.components(separatedBy: "text:style-name=\"ChucDanh\"").count - 1 == 1)
        #expect(decision.contains(">CHỦ TỊCH</text:p>"))
        let certificate = try Self.content("giay-khen.fodt", AwardDocuments.certificateSchema, [documents.certificates(1)[0].data])
        #expect(certificate.components(separatedBy: "text:style-name=\"ChucDanh\"").count - 1 == 1)
        config.decisions[1].signer.capacity = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"
        config.decisions[1].signer.title = "PHÓ CHỦ TỊCH"
        let deputy = try Self.documents(config: config)
        #expect(deputy.decision(1).lists["dong_ky_thay"]?.map { $0[""]! } == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"])
        let content = try Self.content("quyet-dinh.fodt", AwardDocuments.decisionSchema, [deputy.decision(1)])
        #expect(content.contains(">TM. ỦY BAN NHÂN DÂN</text:p><text:p text:style-name=\"ChucDanh\">KT. CHỦ TỊCH</text:p>"))
    }

    @Test func aFormWithAwardeesButNoDecisionIsNamed() throws {
        var config = Self.config
        config.decisions.removeAll { $0.award == "giay_khen" }
        #expect(throws: ExportFailure.decision("Examples/khen-thuong-DVK-2024.yaml: chưa có quyết định cho hình thức 'giay_khen' (Giấy khen, 3 mô hình được khen); thêm một mục 'award: giay_khen' vào 'decisions'")) {
            try Self.documents(config: config)
        }
    }

    @Test func aDecisionForAnUnknownFormIsNamedWithItsLine() throws {
        var config = Self.config
        config.decisions[0].award = "bang_khen_tinh"
        #expect(throws: ExportFailure.decision("Examples/khen-thuong-DVK-2024.yaml:6: hình thức khen thưởng 'bang_khen_tinh' không có trong bộ tiêu chí dvk-mo-hinh (có: bang_khen, giay_khen)")) {
            try Self.documents(config: config)
        }
        config = Self.config
        config.campaign = "GUTD-2024"
        #expect(throws: ExportFailure.decision("Examples/khen-thuong-DVK-2024.yaml: cấu hình khen thưởng của phong trào GUTD-2024, không phải DVK-2024")) {
            try Self.documents(config: config)
        }
    }

    @Test func theShippedTemplatesFillAndStayValid() throws {
        let documents = try Self.documents()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [(String, TemplateSchema, [TemplateData])] = [
            ("giay-khen.fodt", AwardDocuments.certificateSchema, documents.certificates(1).map(\.data)),
            ("giay-khen-in-phoi.fodt", AwardDocuments.certificateSchema, documents.certificates(0).map(\.data)),
            ("quyet-dinh.fodt", AwardDocuments.decisionSchema, [documents.decision(1)]),
        ]
        let schema = SpreadsheetTests.schemaDirectory.appendingPathComponent("OpenDocument-v1.3-schema.rng").path
        for (name, templateSchema, pages) in cases {
            let source = [UInt8](try Data(contentsOf: Self.root.appendingPathComponent("Exports/\(name)")))
            let template = try ODFTemplate(flat: source, name: name).compile(templateSchema)
            let url = directory.appendingPathComponent(name.replacingOccurrences(of: ".fodt", with: ".odt"))
            try template.write(pages: pages, to: url, title: "Thử")
            let archive = try Archive(url: url, accessMode: .read)
            var parts: [String: Data] = [:]
            for part in ["content.xml", "styles.xml", "meta.xml"] {
                var data = Data()
                _ = try archive.extract(try #require(archive[part]), consumer: { data.append($0) })
                parts[part] = data
            }
            let content = String(decoding: parts["content.xml"]!, as: UTF8.self)
            #expect(!content.contains("text:placeholder"), "\(name)")
            if name == "quyet-dinh.fodt" {
                #expect(content.contains("Tặng Giấy khen của Chủ tịch UBND thị xã cho 2 tập thể và 1 cá nhân"))
                #expect(content.contains("Nguyễn Thị Hoa, Chủ tịch Hội Phụ nữ, UBND xã Hòa Lợi"))
            } else if name == "giay-khen-in-phoi.fodt" {
                #expect(content.contains("Mô hình “Chợ văn minh &lt;sạch&gt; &amp; &quot;xanh&quot;”"))
            } else {
                #expect(content.components(separatedBy: "text:style-name=\"ThiDua_trang_moi\"").count - 1 == 2)  // the two pages after the first
            }
            guard FileManager.default.fileExists(atPath: schema) else {
                missing("ODF schema", at: schema)
                continue
            }
            for (part, data) in parts {
                #expect(try XMLValidation.validate([UInt8](data), relaxNG: schema) == [], "\(name) \(part)")
            }
        }
    }
}
