import ThiDuaCore
import ThiDuaStore

/// The stored campaign with this code; a code that is not there is an error listing those that are.
public func storedCampaign(_ store: Store, _ code: String) throws -> Campaign {
    let campaigns = try store.campaigns()
    guard let campaign = campaigns.first(where: { $0.code == code }) else {
        let there = campaigns.isEmpty ? "chưa có phong trào nào: nhập campaigns.csv trước"
            : "có: " + campaigns.map(\.code).joined(separator: ", ")
        throw UserError("Không có phong trào '\(code)' (\(there)).")
    }
    return campaign
}

/// A stored campaign with the criteria set it is scored by, found in `criteriaDirectory`.
public func campaignAndSet(_ store: Store, _ code: String, criteriaDirectory: String?) throws -> (campaign: Campaign, set: CriteriaSet) {
    let campaign = try storedCampaign(store, code)
    return (campaign, try findCriteriaSet(campaign.criteriaSet, in: criteriaDirectory))
}
