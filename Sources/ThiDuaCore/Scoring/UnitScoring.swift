/// Scores units from their results in the same year's pledge and models campaigns
/// (`applies_to: unit`): each unit that signed the pledge (or, without a pledge source, each
/// unit that owns a model) is an entry; its
/// criteria are formulas and checks over `pledge.total`, `pledge.tier` and `models.…`; then
/// what ``Finishing`` does.
struct UnitScoring {
    let input: ScoringInput
    let set: CriteriaSet
    let trace: Bool
    let shared: Finishing.Rules

    init(_ input: ScoringInput, trace: Bool) {
        self.input = input
        self.trace = trace
        set = input.set
        shared = Finishing.Rules(input.set)
    }

    func run() -> [EntryResult] {
        let blocs = input.blocIndex
        let pledge = set.unitSources?.pledge.flatMap { input.linked[$0] }
        let models = set.unitSources?.models.flatMap { input.linked[$0] }
        var pledgeOf: [String: EntryResult] = [:]
        for e in pledge?.entries ?? [] where pledgeOf[e.unit] == nil { pledgeOf[e.unit] = e }
        var modelsOf: [String: [EntryResult]] = [:]
        for e in models?.entries ?? [] { modelsOf[e.unit, default: []].append(e) }
        // With a pledge source, the units that signed it; else the units that own models.
        let units = (pledge != nil ? Array(pledgeOf.keys) : Array(modelsOf.keys)).sorted()

        return units.map { unit in
            var result = EntryResult(entry: unit, unit: unit, bloc: blocs[unit])
            result.tracing = trace
            var context = EntryContext()
            context.setCampaign(input.campaign)
            context.variables[.entryUnit] = .text(unit)
            if let p = pledgeOf[unit] {
                if let total = p.total { context.variables[.pledgeTotal] = .number(total) }
                context.variables[.pledgeTier] = .text(p.tier ?? "")
                result.note(TraceLine("giao ước", p.total?.vietnamese ?? "chưa có",
                    "kết quả của đơn vị trong phong trào \(pledge!.campaign) (\(pledge!.criteriaSet))", ["xếp loại \(p.tierTitle ?? "—")"]))
            }
            let ranked = (modelsOf[unit] ?? []).filter(\.isRanked)
            context.models["count"] = Exact(ranked.count)
            if let best = ranked.compactMap(\.total).max() { context.models["best"] = best }
            var byTier: [String: Int] = [:]
            for e in ranked { if let tier = e.tier { byTier[tier, default: 0] += 1 } }
            for (tier, n) in byTier { context.models[tier] = Exact(n) }
            if let models {
                let apart = (modelsOf[unit] ?? []).filter { !$0.isRanked }.map(\.entry)
                result.note(TraceLine("mô hình", "\(ranked.count)", "mô hình của đơn vị được xếp hạng trong phong trào \(models.campaign) (\(models.criteriaSet))",
                    ranked.map { "\($0.entry) \($0.total?.vietnamese ?? "—") \($0.tierTitle ?? "")" } + apart.map { "\($0) không xếp hạng" }))
            }
            let finishing = Finishing(shared, entry: unit)
            do throws(ArithmeticFailure) {
                let computed = try finishing.computeCriteria(&context, &result)
                result.criteria = computed.compactMap { $0 }
                try finishing.finish(&result, context: &context)
            } catch {
                result.errors.append(EntryError(entry: unit, item: "tổng", message: EvaluationFailure(error).description))
                result.total = nil
            }
            return result
        }
    }
}
