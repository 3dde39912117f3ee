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

        /// The formats a kind is written in, its own ODF (or XML) first.
        var formats: [Format] {
            switch self {
            case .xml: [.xml]
            case .list, .sheets: [.ods, .xlsx, .pdf]
            case .decision, .certificates: [.odt, .docx, .pdf]
            }
        }
    }

    /// The file format: ThiĐua writes ODF (and XML) itself; LibreOffice converts the ODF file to
    /// DOCX, XLSX or PDF, written beside it.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case odt, ods, xml, docx, xlsx, pdf

        var converted: ConvertedFormat? { ConvertedFormat(rawValue: rawValue) }
    }

    @Argument(help: "Loại văn bản.") var kind: Kind
    @OptionGroup var options: CampaignOptions
    @OptionGroup var seed: SeedOption
    @Option(help: "Thư mục để ghi tệp.") var out: String
    @Option(help: "Mẫu văn bản riêng (.fodt) thay cho mẫu trong Exports/ (decision, certificates).") var template: String?
    @Flag(help: "Giấy khen in lên phôi in sẵn: chỉ in các trường, theo mẫu Exports/giay-khen-in-phoi.fodt.") var overprint = false
    @Flag(help: "Mỗi người, tập thể được khen một tệp riêng (certificates).") var each = false
    @Flag(help: "Ghi tệp ODF phẳng (.fodt) thay cho .odt (decision, certificates).") var flat = false
    @Option(help: ArgumentHelp("Định dạng tệp: odt, docx, pdf (decision, certificates); ods, xlsx, pdf (list, sheets); xml (xml). Mặc định là tệp ODF (xml với xml).",
        discussion: "docx, xlsx và pdf do LibreOffice (soffice) chuyển từ tệp ODF; tệp ODF vẫn được ghi và giữ lại, tệp chuyển nằm bên cạnh, cùng tên."))
    var format: Format?

    func validate() throws {
        if let format, !kind.formats.contains(format) {
            throw ValidationError("--format \(format.rawValue) không dùng được cho \(kind.rawValue); "
                + "\(kind.rawValue) xuất được: \(kind.formats.map(\.rawValue).joined(separator: ", ")).")
        }
    }

    func run() throws {
        // LibreOffice is looked for before anything is written: a missing one leaves no half export.
        let office = try format?.converted.map { try LibreOffice.find(for: $0, spreadsheets: kind.formats[0] == .ods) }
        let store = try options.open()
        let paths = switch kind {
        case .xml: [try exportXML(store, campaign: options.campaign, out: out)]
        case .list: [try exportList(store, options.ranked(store, seed: seed), out: out)]
        case .sheets: try exportSheets(store, campaign: options.campaign, criteriaDirectory: options.criteria, out: out)
        case .decision: try exportDecisions(store, options.ranked(store, seed: seed), options: documentOptions, out: out)
        case .certificates: try exportCertificates(store, options.ranked(store, seed: seed), options: documentOptions, out: out)
        }
        print("Đã ghi \(paths.joined(separator: ", "))")
        if let office, let converted = format?.converted {
            print("Đã chuyển sang \(converted.rawValue.uppercased()) (LibreOffice): \(try office.convert(paths, to: converted).joined(separator: ", "))")
        }
    }

    var documentOptions: DocumentOptions { DocumentOptions(template: template, overprint: overprint, each: each, flat: flat) }
}

