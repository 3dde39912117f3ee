import ArgumentParser
import ThiDuaServices

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Công bố một lần tính điểm (mặc định lần mới nhất) làm kết quả chính thức trên các trang công khai.",
        discussion: "Trước khi công bố, các trang công khai hiện lần tính mới nhất, ghi \"tạm tính\". Công bố lại một lần tính cũ hơn thì lần đó là kết quả chính thức."
    )

    @OptionGroup var options: CampaignOptions
    @OptionGroup var seed: SeedOption
    @Option(name: .customLong("run"), help: "Số lần tính (#N trong thidua score); mặc định lần mới nhất.") var number: Int64?

    func run() throws {
        let status = try publishRun(try options.open(), campaign: options.campaign, run: number, criteriaDirectory: options.criteria, seed: seed.seed)
        print("\(options.campaign): đã công bố lần tính #\(status.run) (tính lúc \(status.createdAt)) làm kết quả chính thức, lúc \(status.publishedAt ?? "")")
    }
}
