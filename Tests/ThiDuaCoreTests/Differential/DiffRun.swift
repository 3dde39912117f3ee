import BigInt
import Foundation
import ThiDuaCore

/// Runs one campaign through the engine (its public entry points, as the services call them)
/// and through the reference, and lists every field where they differ.
enum DiffRun {
    static func q(_ x: Exact) -> RefQ { RefQ(BigInt(String(x.numerator))!, BigInt(String(x.denominator))!) }
    static func exact(_ x: RefQ) -> Exact { Exact(numerator: Int128(String(x.num))!, denominator: Int128(String(x.den))!)! }

    /// The engine's input, built from the plain domain types.
    static func input(_ c: DiffCampaign, set: CriteriaSet) -> ScoringInput {
        let campaign = Campaign(code: DiffCampaign.code, year: DiffCampaign.year, title: "Phong trào sinh ngẫu nhiên",
            criteriaSet: "diff-set", state: .scoring)
        let units = c.units.map { ThiDuaCore.Unit(code: $0.code, name: "Đơn vị \($0.code)", kind: .agency, parent: $0.parent) }
        let blocs = c.blocs.map { Bloc(code: $0.code, name: "Khối \($0.code)", year: DiffCampaign.year, leader: $0.members[0], members: $0.members) }
        let models = c.models.map { m in
            Model(code: m.code, campaign: DiffCampaign.code, unit: m.unit,
                holder: m.individual ? .individual(name: "Người \(m.code)", position: "Cán bộ") : .collective,
                field: Model.Field(rawValue: m.field)!, name: "Mô hình \(m.code)", registeredOn: Day(year: 2024, month: 3, day: m.registeredDay)!,
                metrics: m.metrics.mapValues(exact), facts: m.facts.mapValues { Model.Fact.text($0) })
        }
        let jurors = c.jurors.map { Juror(code: $0.code, campaign: DiffCampaign.code, name: "Thành viên \($0.code)", title: "Ủy viên", unit: $0.unit) }
        let scores = c.scores.map { s in
            Score(juror: s.juror, entry: s.entry, criterion: s.criterion, points: exact(s.points),
                time: Moment(parsing: String(format: "2024-12-10 %02d:%02d", 8 + s.minute / 60, s.minute % 60), assuming: .vietnam)!,
                correctionReason: s.correction ? "Sửa điểm" : nil)
        }
        return ScoringInput(set: set, campaign: campaign, units: units, blocs: blocs, models: models, jurors: jurors, scores: scores)
    }

    enum Outcome {
        case same
        case differs([String])
        /// The generated YAML does not load: a generator bug, or a shrink step that went too far.
        case refused(String)
    }

    struct Refusal: Error { var why: String }

    static func engine(_ c: DiffCampaign) -> Result<[RefEntry], Refusal> {
        let set: CriteriaSet
        do {
            set = try CriteriaSet.load(bytes: Array(c.yaml.utf8), file: "diff-set.yaml")
        } catch {
            return .failure(Refusal(why: "\(error)"))
        }
        let input = input(c, set: set)
        let result = Engine.score(input)
        var out: [RefEntry] = result.entries.map { e in
            RefEntry(entry: e.entry, status: e.status, criteria: e.criteria.map { ($0.id, $0.points.map(q)) }, total: e.total.map(q),
                tier: e.tier, rank: nil, awards: [], errorItems: Set(e.errors.map(\.item)))
        }
        let ranking: Ranking
        do {
            ranking = try Ranker.rank(result, set: set, models: input.models)
        } catch {
            return .success(out.map { var e = $0; e.status += " (ranking failed: \(error))"; return e })
        }
        let awards: AwardList
        do {
            awards = try Awarding.decide(ranking, result: result, set: set, campaign: input.campaign, models: input.models)
        } catch {
            return .success(out.map { var e = $0; e.status += " (awards failed: \(error))"; return e })
        }
        var rank: [String: Int] = [:]
        for g in ranking.groups { for r in g.ranked { rank[r.entry] = r.rank } }
        var given: [String: [String]] = [:]
        for f in awards.forms { for g in f.groups { for a in g.awarded { given[a.entry, default: []].append(f.id) } } }
        for i in out.indices {
            out[i].rank = rank[out[i].entry]
            out[i].awards = (given[out[i].entry] ?? []).sorted()
        }
        return .success(out)
    }

    static func reference(_ c: DiffCampaign) -> [RefEntry] {
        var entries = ReferenceScorer.score(c)
        ReferenceRanking.rankAndAward(&entries, c)
        return entries
    }

    static func compare(_ c: DiffCampaign) -> Outcome { compareAndTally(c).outcome }

    /// The engine first: a set it refuses (a shrink step too far) never reaches the reference.
    static func compareAndTally(_ c: DiffCampaign) -> (outcome: Outcome, tally: Tally) {
        let engine: [RefEntry]
        switch self.engine(c) {
        case .failure(let r): return (.refused(r.why), Tally())
        case .success(let e): engine = e
        }
        let reference = reference(c)
        return (compare(engine, reference), tally(c, reference))
    }

    static func compare(_ engine: [RefEntry], _ reference: [RefEntry]) -> Outcome {
        var diffs: [String] = []
        if engine.map(\.entry) != reference.map(\.entry) {
            return .differs(["entries: engine \(engine.map(\.entry)), reference \(reference.map(\.entry))"])
        }
        func show(_ x: RefQ?) -> String { x.map(\.description) ?? "—" }
        for (e, r) in zip(engine, reference) {
            let id = e.entry
            if e.status != r.status { diffs.append("\(id) status: engine \(e.status), reference \(r.status)") }
            if e.status == "error" || r.status == "error" {
                if e.errorItems != r.errorItems {
                    diffs.append("\(id) errors in: engine \(e.errorItems.sorted()), reference \(r.errorItems.sorted())")
                }
                continue
            }
            for (ec, rc) in zip(e.criteria, r.criteria) where ec.id != rc.id || ec.points != rc.points {
                diffs.append("\(id) \(rc.id): engine \(show(ec.points)), reference \(show(rc.points))")
            }
            if e.criteria.count != r.criteria.count { diffs.append("\(id) criteria: engine \(e.criteria.count), reference \(r.criteria.count)") }
            if e.total != r.total { diffs.append("\(id) total: engine \(show(e.total)), reference \(show(r.total))") }
            if e.tier != r.tier { diffs.append("\(id) tier: engine \(e.tier ?? "—"), reference \(r.tier ?? "—")") }
            if e.rank != r.rank { diffs.append("\(id) rank: engine \(e.rank.map(String.init) ?? "—"), reference \(r.rank.map(String.init) ?? "—")") }
            if e.awards != r.awards { diffs.append("\(id) awards: engine \(e.awards), reference \(r.awards)") }
        }
        return diffs.isEmpty ? .same : .differs(diffs)
    }

    /// What a campaign exercised, to show that the generator reaches every part of the rules.
    struct Tally: Sendable, CustomStringConvertible {
        var entries = 0
        var status: [String: Int] = [:]
        var sharedRanks = 0
        var awarded = 0
        var campaignsWithAwards = 0
        var corrections = 0
        var conflicted = 0
        var tiers = 0
        var errorsIn: [String: Int] = [:]

        mutating func add(_ t: Tally) {
            entries += t.entries
            for (k, v) in t.status { status[k, default: 0] += v }
            sharedRanks += t.sharedRanks
            awarded += t.awarded
            campaignsWithAwards += t.campaignsWithAwards
            corrections += t.corrections
            conflicted += t.conflicted
            tiers += t.tiers
            for (k, v) in t.errorsIn { errorsIn[k, default: 0] += v }
        }

        var description: String {
            "\(entries) entries (" + status.keys.sorted().map { "\($0) \(status[$0]!)" }.joined(separator: ", ")
                + "), \(sharedRanks) sharing a rank, \(tiers) with a tier, \(awarded) awards in \(campaignsWithAwards) campaigns, "
                + "\(corrections) corrections, \(conflicted) conflicted juror-model pairs; errors in \(errorsIn.sorted { $0.key < $1.key }.map { "\($0.key)… \($0.value)" })"
        }
    }

    /// Counted on the reference's results.
    static func tally(_ c: DiffCampaign, _ entries: [RefEntry]) -> Tally {
        var t = Tally()
        t.entries = entries.count
        for e in entries { t.status[e.status, default: 0] += 1 }
        for e in entries { for item in e.errorItems { t.errorsIn[String(item.prefix(1)), default: 0] += 1 } }
        var byRank: [String: Int] = [:]
        for e in entries where e.rank != nil {
            let key = ReferenceRanking.groupKey(c.models.first { $0.code == e.entry }!, c).joined(separator: "|") + "#\(e.rank!)"
            byRank[key, default: 0] += 1
        }
        t.sharedRanks = byRank.values.filter { $0 > 1 }.reduce(0, +)
        t.awarded = entries.reduce(0) { $0 + $1.awards.count }
        t.campaignsWithAwards = t.awarded > 0 ? 1 : 0
        t.corrections = c.scores.filter(\.correction).count
        t.tiers = entries.filter { $0.tier != nil }.count
        for m in c.models { for j in c.jurors where ReferenceScorer.conflicted(j, m, c) { t.conflicted += 1 } }
        return t
    }
}
