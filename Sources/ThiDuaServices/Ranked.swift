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

    /// The campaign's run `number` (its latest when nil), ranked with the criteria set it was
    /// scored with. With `keptCriteria` (the web app, publishing) that is the file kept in the
    /// store with the run, so that a stored run is shown as it was after its file is edited;
    /// otherwise (the command line) the file in `criteriaDirectory`, refused when it is no
    /// longer the same, so that a user who edited it is told to score again.
    public init(_ store: Store, campaign code: String, run number: Int64? = nil, criteriaDirectory: String?, seed: UInt64?,
                keptCriteria: Bool = false) throws {
        let campaign = try storedCampaign(store, code)
        let run: StoredRun
        if let number {
            guard let found = try store.run(campaign: code, id: number) else {
                throw UserError("Phong trào \(code) không có lần tính #\(number).")
            }
            run = found
        } else {
            guard let latest = try store.latestRun(campaign: code) else {
                throw UserError("Phong trào \(code) chưa được tính điểm. Chạy: thidua score --campaign \(code)")
            }
            run = latest
        }
        let set = try scoredSet(store, campaign: campaign, run: run, criteriaDirectory: criteriaDirectory, preferKept: keptCriteria)
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


/// The criteria set a run was scored with: with `preferKept`, the file kept in the store under
/// the run's SHA-256; else the set's file in `directory` if it is still the same (it is then
/// kept, for later).
func scoredSet(_ store: Store, campaign: Campaign, run: StoredRun, criteriaDirectory: String?, preferKept: Bool) throws -> CriteriaSet {
    if preferKept, let kept = try store.keptCriteria(sha256: run.criteriaSHA256) {
        do {
            return try CriteriaSet.load(bytes: kept.bytes, file: kept.file)
        } catch {
            throw UserError("Bộ tiêu chí \(run.criteriaSet) lưu cùng lần tính #\(run.id) (\(kept.file)) không còn đọc được: \(error.description)")
        }
    }
    let set = try findCriteriaSet(campaign.criteriaSet, in: criteriaDirectory)
    guard set.sha256 == run.criteriaSHA256 else {
        throw UserError("Bộ tiêu chí \(set.id) (\(set.file), sha256 \(set.sha256.prefix(12))…) đã khác với lúc tính điểm lần #\(run.id) "
            + "(sha256 \(run.criteriaSHA256.prefix(12))…). Chạy lại: thidua score --campaign \(campaign.code)")
    }
    try keepCriteriaFile(store, set)
    return set
}

/// Keeps the bytes of `set`'s file in the store, checked against the set's SHA-256.
func keepCriteriaFile(_ store: Store, _ set: CriteriaSet) throws {
    guard let data = FileManager.default.contents(atPath: set.file) else {
        throw UserError("\(set.file): không đọc được tệp bộ tiêu chí \(set.id) để lưu kèm kết quả.")
    }
    let bytes = [UInt8](data)
    guard SHA256.hex(bytes) == set.sha256 else {
        throw UserError("\(set.file): tệp bộ tiêu chí \(set.id) vừa thay đổi trong lúc tính điểm; chạy lại.")
    }
    try store.keepCriteria(bytes: bytes, file: set.file)
}
