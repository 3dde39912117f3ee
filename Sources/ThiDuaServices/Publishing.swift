import Foundation
import ThiDuaCore
import ThiDuaStore

/// Publishes (công bố) a run of a campaign, its latest when `run` is nil: only a run that can
/// be shown, ranked with the criteria set it was scored with. The public pages then show it as
/// the final results.
public func publishRun(_ store: Store, campaign code: String, run: Int64?, criteriaDirectory: String?, seed: UInt64?) throws -> RunStatus {
    let ranked = try Ranked(store, campaign: code, run: run, criteriaDirectory: criteriaDirectory, seed: seed, keptCriteria: true)
    do {
        return try store.publish(campaign: code, run: ranked.run.id, at: ISO8601DateFormatter().string(from: Date()))
    } catch let refusal as PublishRefusal {
        throw UserError(refusal.description)
    }
}
