import ArgumentParser
import Foundation
import ThiDuaCore
import ThiDuaServices
import ThiDuaStore

struct JuryReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jury-report",
        abstract: "Mức độ thống nhất của hội đồng: Kendall's W theo nhóm, Krippendorff's alpha theo tiêu chí, thành viên lệch khỏi hội đồng."
    )

    @OptionGroup var options: CampaignOptions
    @Option(help: "Ngưỡng trung bình |z| để coi một thành viên là lệch khỏi hội đồng.") var threshold: Double = 2

    func validate() throws {
        guard threshold.isFinite, threshold > 0 else {
            throw ValidationError("--threshold: cần một số dương hữu hạn (ví dụ 2 hoặc 2.5), gặp \(threshold.isInfinite ? "một số quá lớn" : "\(threshold)").")
        }
    }

    func run() throws {
        let store = try options.open()
        let (campaign, set) = try options.campaignAndSet(store)
        guard set.subject == .model, set.criteria.contains(where: \.isJury) else {
            throw UserError("Phong trào \(campaign.code) không có tiêu chí do hội đồng chấm (bộ tiêu chí \(set.id)).")
        }
        let report = JuryAgreement.compute(try store.scoringInput(campaign: campaign.code, set: set), threshold: threshold)
        print(juryReportLines(report, campaign: campaign).joined(separator: "\n"))
    }
}

func juryReportLines(_ r: JuryAgreement, campaign: Campaign) -> [String] {
    func f(_ x: Double?, _ places: Int = 4) -> String {
        guard let x else { return "—" }
        return String(format: "%.\(places)f", x).replacingOccurrences(of: ".", with: ",")
    }
    var lines = [
        "\(campaign.code) — mức độ thống nhất của hội đồng",
        "(điểm đang có hiệu lực; không tính điểm bị loại vì xung đột lợi ích)",
        "",
        "Kendall's W theo nhóm xếp hạng (mỗi thành viên xếp các mô hình theo tổng điểm mình chấm; có hiệu chỉnh hạng bằng nhau):",
    ]
    var w = TextTable(["Nhóm", "Thành viên", "Mô hình", "W", "χ²", "p", "Không tính"], alignments: [.left, .right, .right, .right, .right, .right, .left])
    for c in r.concordance {
        w.append([c.group, "\(c.jurors.count)", "\(c.entries)", f(c.w), f(c.chiSquare, 2), c.pValue.map { String(format: "%.2e", $0) } ?? "—",
            c.leftOut.joined(separator: ", ")])
    }
    lines += w.render().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    lines += ["", "Krippendorff's alpha (thang khoảng) theo tiêu chí, trên mọi mô hình:"]
    var a = TextTable(["Tiêu chí", "alpha", "Mô hình", "Số điểm"], alignments: [.left, .right, .right, .right])
    for c in r.reliability { a.append([c.criterion, f(c.alpha), "\(c.units)", "\(c.values)"]) }
    lines += a.render().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    lines += ["", "Từng thành viên so với hội đồng (trung bình |z| trên các ô mô hình × tiêu chí; lệch nếu trên \(f(r.threshold, 1))):"]
    var j = TextTable(["Thành viên", "Trung bình |z|", "Số ô", "Lệch"], alignments: [.left, .right, .right, .left])
    for d in r.jurors { j.append([d.juror, f(d.meanAbsoluteZ), "\(d.cells)", d.strays ? "có" : ""]) }
    lines += j.render().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let strays = r.jurors.filter(\.strays)
    lines.append(strays.isEmpty ? "Không thành viên nào lệch quá ngưỡng." : "Lệch quá ngưỡng: " + strays.map(\.juror).joined(separator: ", "))
    return lines
}
