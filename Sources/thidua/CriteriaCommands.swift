import ArgumentParser
import Foundation
import ThiDuaCore
import ThiDuaServices

struct CriteriaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "criteria",
        abstract: "Bộ tiêu chí: kiểm tra tệp YAML.",
        subcommands: [CriteriaCheck.self]
    )
}

struct CriteriaCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Kiểm tra các tệp bộ tiêu chí; in OK hoặc mọi lỗi dạng tệp:dòng:cột.",
        discussion: "Mã thoát 1 nếu có tệp sai."
    )

    @Argument(help: "Các tệp bộ tiêu chí (.yaml).") var files: [String]

    func run() throws {
        var failed = 0
        for file in files {
            do {
                let set = try loadCriteriaSet(path: file)
                print("OK \(file): \(set.id) \(set.version) — \(try set.summary())")
            } catch {
                printError("\(error)")
                failed += 1
            }
        }
        if failed > 0 {
            throw UserError("\(failed) trong \(files.count) tệp có lỗi.")
        }
    }
}

extension CriteriaSet {
    /// One line saying what the set holds.
    func summary() throws -> String {
        func most() throws -> String {
            do throws(ArithmeticFailure) {
                return try maximum().vietnamese
            } catch {
                throw UserError("\(file): không tính được tổng điểm tối đa: \(EvaluationFailure(error).description)")
            }
        }
        var parts: [String] = []
        switch subject {
        case .model:
            let jury = criteria.filter(\.isJury).count
            parts.append("\(criteria.count) tiêu chí (\(jury) do hội đồng chấm), tối đa \(try most()) điểm")
        case .pledge:
            parts.append("chấm giao ước theo chỉ tiêu")
        case .unit:
            let from = [unitSources?.pledge.map { "giao ước \($0)" }, unitSources?.models.map { "mô hình \($0)" }].compactMap { $0 }
            parts.append("xếp hạng đơn vị từ \(from.joined(separator: " và ")), \(criteria.count) tiêu chí, tối đa \(try most()) điểm")
        }
        if !bonus.isEmpty || !penalty.isEmpty { parts.append("\(bonus.count) quy tắc thưởng, \(penalty.count) quy tắc trừ") }
        if !veto.isEmpty { parts.append("\(veto.count) điều kiện không xét") }
        if !tiers.isEmpty { parts.append("\(tiers.count) mức xếp loại") }
        if !awards.isEmpty { parts.append("\(awards.count) hình thức khen thưởng") }
        return parts.joined(separator: ", ") + "; sha256 \(sha256.prefix(12))…"
    }
}
