import ArgumentParser
import Foundation
import ThiDuaCore
import ThiDuaServices
import ThiDuaExport
import ThiDuaStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Xuất kết quả lần tính điểm gần nhất của một phong trào.",
        discussion: "KIND: xml (kết quả kèm giải thích từng con số, theo lược đồ Exports/schema/thidua-results.xsd); list (danh sách khen thưởng và bảng xếp hạng, ODS); sheets (phiếu chấm trống cho từng thành viên hội đồng, ODS); decision (quyết định khen thưởng kèm danh sách, ODT, mỗi hình thức một quyết định); certificates (giấy khen, bằng khen, ODT, mỗi người một trang). Quyết định và giấy khen cần cấu hình khen thưởng của phong trào (thidua import decisions TỆP.yaml)."
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case xml, list, sheets, decision, certificates
    }

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Loại văn bản.") var kind: Kind
    @Option(help: "Mã phong trào.") var campaign: String
    @Option(help: "Thư mục để ghi tệp.") var out: String
    @Option(help: "Hạt giống bốc thăm, nếu bộ tiêu chí cần (list, decision, certificates).") var seed: UInt64?
    @Option(help: "Mẫu văn bản riêng (.fodt) thay cho mẫu trong Exports/ (decision, certificates).") var template: String?
    @Flag(help: "Giấy khen in lên phôi in sẵn: chỉ in các trường, theo mẫu Exports/giay-khen-in-phoi.fodt.") var overprint = false
    @Flag(help: "Mỗi người, tập thể được khen một tệp riêng (certificates).") var each = false
    @Flag(help: "Ghi tệp ODF phẳng (.fodt) thay cho .odt (decision, certificates).") var flat = false
    @Option(help: "Thư mục bộ tiêu chí (mặc định Criteria/ của dự án): cần khi phong trào được tính điểm bằng bộ tiêu chí ở thư mục khác (list, sheets, decision, certificates).") var criteria: String?

    func run() throws {
        let store = try database.open()
        let path = switch kind {
        case .xml: try exportXML(store, campaign: campaign, out: out)
        case .list: try exportList(Ranked(store, campaign: campaign, criteriaDirectory: criteria, seed: seed), out: out)
        case .sheets: try exportSheets(store, campaign: campaign, criteriaDirectory: criteria, out: out).joined(separator: ", ")
        case .decision: try exportDecisions(store, ranked(store), options: options, out: out).joined(separator: ", ")
        case .certificates: try exportCertificates(store, ranked(store), options: options, out: out).joined(separator: ", ")
        }
        print("Đã ghi \(path)")
    }

    var options: DocumentOptions { DocumentOptions(template: template, overprint: overprint, each: each, flat: flat) }

    func ranked(_ store: Store) throws -> Ranked { try Ranked(store, campaign: campaign, criteriaDirectory: criteria, seed: seed) }
}

