import Foundation
import ThiDuaCore
import ThiDuaExport
import ThiDuaODF
import ThiDuaStore

/// A campaign's latest results, ranked, with its awards: what `standings` and `awards` show.
public struct Ranked: Sendable {
    public var campaign: Campaign
    public var set: CriteriaSet
    public var run: StoredRun
    public var result: ScoringResult
    public var ranking: Ranking
    public var awards: AwardList
    public var models: [Model]

    public init(_ store: Store, campaign code: String, criteriaDirectory: String?, seed: UInt64?) throws {
        guard let campaign = try store.campaigns().first(where: { $0.code == code }) else {
            throw UserError("Không có phong trào '\(code)' (có: \(try store.campaigns().map(\.code).joined(separator: ", "))).")
        }
        guard let run = try store.latestRun(campaign: code) else {
            throw UserError("Phong trào \(code) chưa được tính điểm. Chạy: thidua score --campaign \(code)")
        }
        let set = try findCriteriaSet(campaign.criteriaSet, in: criteriaDirectory)
        guard set.sha256 == run.criteriaSHA256 else {
            throw UserError("Bộ tiêu chí \(set.id) (\(set.file), sha256 \(set.sha256.prefix(12))…) đã khác với lúc tính điểm lần #\(run.id) "
                + "(sha256 \(run.criteriaSHA256.prefix(12))…). Chạy lại: thidua score --campaign \(code)")
        }
        self.campaign = campaign
        self.set = set
        self.run = run
        models = try store.models(campaign: code)
        result = run.result
        do {
            ranking = try Ranker.rank(result, set: set, models: models, seed: seed)
            awards = try Awarding.decide(ranking, result: result, set: set, campaign: campaign, models: models,
                previousTiers: try store.previousTiers(campaign: code), seed: seed)
        } catch let failure as RankingFailure {
            throw UserError("\(code): \(failure.description)")
        } catch let failure as AwardFailure {
            throw UserError("\(code): \(failure.description)")
        }
    }

    public var heading: String {
        var line = "\(campaign.code) — \(campaign.title): bộ tiêu chí \(set.id) \(set.version), lần tính #\(run.id)"
        if let seed = ranking.seed ?? awards.seed { line += ", bốc thăm với hạt giống \(seed)" }
        return line
    }
}

