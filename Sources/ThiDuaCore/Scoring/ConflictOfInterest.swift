/// Who may not score an entry: the one conflict-of-interest rule, used by the engine (a
/// conflicted juror's scores are left out) and by the web app (a conflicted juror is not shown
/// the entry and may not score it).
///
/// ```swift
/// let conflicts = ConflictOfInterest(set.jury?.conflicts ?? .unit, units: units)
/// conflicts.excludes(jurorUnit: "TX-PHULAM", entryUnit: "P-ANPHU")  // true under unit_tree
/// ```
///
/// Under `conflicts: unit` (the default) a juror affiliated with the entry's own unit may not
/// score it; under `conflicts: unit_tree` neither may a juror of any unit above or below it in
/// the unit tree. A juror with no unit is never conflicted.
public struct ConflictOfInterest: Sendable {
    public let rule: JuryRules.Conflicts
    /// Each unit's parent, for `unit_tree`.
    private let parentOf: [String: String]

    public init(_ rule: JuryRules.Conflicts, units: [Unit]) {
        self.rule = rule
        var parentOf: [String: String] = [:]
        if rule == .unitTree {
            for unit in units { if let p = unit.parent { parentOf[unit.code] = p } }
        }
        self.parentOf = parentOf
    }

    /// The rule of a criteria set (`jury: { conflicts: … }`; `unit` when the set says nothing).
    public init(_ set: CriteriaSet, units: [Unit]) {
        self.init(set.jury?.conflicts ?? .unit, units: units)
    }

    /// Whether a juror affiliated with `jurorUnit` may not score an entry of `entryUnit`.
    public func excludes(jurorUnit: String?, entryUnit: String) -> Bool {
        guard let jurorUnit else { return false }
        if jurorUnit == entryUnit { return true }
        guard rule == .unitTree else { return false }
        return isAncestor(jurorUnit, of: entryUnit) || isAncestor(entryUnit, of: jurorUnit)
    }

    /// Why a juror of `jurorUnit` may not score an entry of `entryUnit`, in Vietnamese (nil when they may).
    public func reason(jurorUnit: String?, entryUnit: String) -> String? {
        guard excludes(jurorUnit: jurorUnit, entryUnit: entryUnit), let jurorUnit else { return nil }
        if jurorUnit == entryUnit { return "thành viên thuộc đơn vị \(entryUnit), đơn vị có mục này" }
        if isAncestor(jurorUnit, of: entryUnit) { return "thành viên thuộc \(jurorUnit), đơn vị cấp trên của \(entryUnit)" }
        return "thành viên thuộc \(jurorUnit), đơn vị cấp dưới của \(entryUnit)"
    }

    /// Whether `a` is above `b` in the unit tree (a cycle in the parents stops after 1000 steps).
    private func isAncestor(_ a: String, of b: String) -> Bool {
        var current = parentOf[b]
        var steps = 0
        while let c = current, steps < 1000 {
            if c == a { return true }
            current = parentOf[c]
            steps += 1
        }
        return false
    }
}
