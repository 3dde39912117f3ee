import ArgumentParser
import ThiDuaServices

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Công bố một lần tính điểm (mặc định lần mới nhất) làm kết quả chính thức trên các trang công khai.",
        discussion: "Trước khi công bố, các trang công khai hiện lần tính mới nhất, ghi \"tạm tính\". Công bố lại một lần tính cũ hơn thì lần đó là kết quả chính thức."
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Mã phong trào.") var campaign: String
    @Option(name: .customLong("run"), help: "Số lần tính (#N trong thidua score); mặc định lần mới nhất.") var number: Int64?
    @Option(help: "Thư mục bộ tiêu chí (mặc định Criteria/ của dự án).") var criteria: String?
    @Option(help: "Hạt giống bốc thăm, khi bộ tiêu chí định bốc thăm các mục bằng nhau.") var seed: UInt64?

    func run() throws {
        let status = try publishRun(try database.open(), campaign: campaign, run: number, criteriaDirectory: criteria, seed: seed)
        print("\(campaign): đã công bố lần tính #\(status.run) (tính lúc \(status.createdAt)) làm kết quả chính thức, lúc \(status.publishedAt ?? "")")
    }
}
