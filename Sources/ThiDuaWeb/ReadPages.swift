import Foundation
import Hummingbird
import ThiDuaCore
import ThiDuaStore

/// The pages anyone may read: campaigns, standings per bloc, a unit's page; and the same as JSON.
/// Each page has one view model, a struct: encoded, it is the JSON answer; the page's template
/// reads the same struct's stored properties (swift-mustache looks them up by name with
/// `Mirror`), so that the page and the API cannot drift apart. What only the page needs is said
/// in the template (`{{^empty(apart)}}`, `{{#results.final}}`), not added to the model.
struct ReadPages {
    let app: WebApp.State

    init(_ app: WebApp.State) { self.app = app }

    func register(_ router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in
            app.views.page("home", title: "ThiĐua", model: Home(campaigns: try await campaigns()), session: try await app.session(request))
        }
        router.get("phong-trao/:code") { request, context in
            let data = try await overview(try context.parameters.require("code"), request)
            return app.views.page("campaign", title: data.title, model: data, session: try await app.session(request))
        }
        router.get("phong-trao/:code/khoi/:group") { request, context in
            let code = try context.parameters.require("code"), group = try Self.group(context)
            let shown = try await scored(code, request)
            // The table is rendered once per run (and publication); each request only wraps it in the layout.
            let content = try shown.results.rendered("html:\(group):\(shown.status.publishedAt ?? "")") {
                app.views.render("standings", model: try standings(shown, code: code, group: group))
            }
            return app.views.wrap(content, title: "Xếp hạng \(group)", session: try await app.session(request))
        }
        router.get("phong-trao/:code/don-vi/:unit") { request, context in
            let data = try await unitPage(try context.parameters.require("code"), unit: try context.parameters.require("unit"), request)
            return app.views.page("unit", title: data.unitName, model: data, session: try await app.session(request))
        }
        router.get("api/campaigns") { _, _ in try Views.json(try await campaigns()) }
        router.get("api/campaigns/:code") { request, context in try Views.json(try await overview(try context.parameters.require("code"), request)) }
        router.get("api/campaigns/:code/standings/:group") { request, context in
            let code = try context.parameters.require("code"), group = try Self.group(context)
            let shown = try await scored(code, request)
            let json = try shown.results.rendered("json:\(group):\(shown.status.publishedAt ?? "")") {
                try Views.jsonText(try standings(shown, code: code, group: group))
            }
            return Views.response(json, contentType: "application/json; charset=utf-8")
        }
        router.get("api/campaigns/:code/units/:unit") { request, context in
            try Views.json(try await unitPage(try context.parameters.require("code"), unit: try context.parameters.require("unit"), request))
        }
    }

    /// The ranking group of a path: its label percent-decoded, as a browser sends a label with
    /// spaces or Vietnamese letters ("tất cả", "KHOI-XP · Kinh tế"); the router gives it as sent.
    static func group(_ context: BasicRequestContext) throws -> String {
        let raw = try context.parameters.require("group")
        return (raw.removingPercentEncoding ?? raw).precomposedStringWithCanonicalMapping
    }

    // MARK: Campaigns

    /// The home page: the campaigns (`/api/campaigns` is the list itself).
    struct Home {
        var campaigns: [CampaignLine]
    }

    struct CampaignLine: Encodable {
        var code: String
        var title: String
        var year: Int
        var state: String
    }

    func campaigns() async throws -> [CampaignLine] {
        try await app.store.campaigns().map { CampaignLine(code: $0.code, title: $0.title, year: $0.year, state: $0.state.title) }
    }

    struct Overview: Encodable {
        struct Deadline: Encodable {
            var what: String
            var day: String
        }
        struct BlocLine: Encodable {
            var code: String
            var name: String
            /// How many units the bloc has, as text (`"12"`).
            var members: String
        }
        struct Group: Encodable {
            var label: String
            /// The label with each bloc named.
            var title: String
            var ranked: Int
            var apart: Int
        }
        var code: String
        var title: String
        var state: String
        var frozen: Bool
        var deadlines: [Deadline]
        var blocs: [BlocLine]
        var entries: Int
        var jurors: Int
        var assignments: Int
        var scored: Int
        var expected: Int
        var progress: Int
        var run: Int64?
        /// The shown run's status (final or interim), nil before any run.
        var results: RunJSON?
        var resultsLine: String?
        var groups: [Group]
    }

    func overview(_ code: String, _ request: Request) async throws -> Overview {
        let campaign = try await app.campaign(code)
        let blocs = try await app.store.blocs().filter { $0.year == campaign.year }
        let models = try await app.store.models(campaign: code)
        let jurors = try await app.store.jurors(campaign: code)
        let assignments = try await app.store.assignments(campaign: code)
        let current = try await app.store.scores(campaign: code, currentOnly: true)
        let (shown, hidden) = try await visibleRun(campaign.code, request)
        let results = shown?.results
        let set = try results?.ranked.set ?? app.criteriaSet(campaign)
        let juryCriteria = set.criteria.filter(\.isJury).count
        let expected = assignments.count * juryCriteria
        var deadlines: [Overview.Deadline] = []
        for (what, day) in [("Hạn đăng ký", campaign.registrationDeadline), ("Hạn báo cáo", campaign.reportDeadline), ("Hạn chấm điểm", campaign.scoringDeadline)] {
            if let day { deadlines.append(Overview.Deadline(what: what, day: day.vietnamese)) }
        }
        return Overview(
            code: code, title: campaign.title, state: campaign.state.title, frozen: campaign.state == .frozen, deadlines: deadlines,
            blocs: blocs.map { Overview.BlocLine(code: $0.code, name: $0.name, members: String($0.members.count)) },
            entries: models.count, jurors: jurors.count, assignments: assignments.count, scored: current.count, expected: expected,
            progress: expected == 0 ? 0 : min(100, current.count * 100 / expected), run: results?.ranked.run.id,
            results: shown?.json, resultsLine: shown?.line ?? (hidden ? Self.duringTheRound : nil),
            groups: results.map { r in
                r.groups.map { Overview.Group(label: $0.label, title: r.title(of: $0), ranked: $0.ranked.count, apart: $0.apart.count) }
            } ?? [])
    }

    // MARK: Standings

    struct StandingsPage: Encodable {
        struct Row: Encodable {
            var rank: Int
            var entry: String
            var unit: String
            var unitName: String
            var name: String
            var total: String
            /// The total as an exact decimal with a point, for other systems (`98.54`).
            var totalValue: String
            var tier: String
            var award: String
            var bar: Int
        }
        var code: String
        var campaign: String
        var group: String
        /// The group with each bloc named.
        var groupTitle: String
        /// The run shown: its number, final (published) or interim, and its times.
        var results: RunJSON
        var resultsLine: String
        var rows: [Row]
        var apart: [Apart]
    }

    /// An entry left out of a ranking, and why.
    struct Apart: Encodable {
        var entry: String
        var reason: String
    }

    /// The run a request may see, in one place for everyone: the secretariat sees the latest run;
    /// anyone else — the public and jurors alike — the run last published (final), else the
    /// latest (interim) when the campaign has no jurors or is frozen. While a jury round is open
    /// and nothing is published, nobody but the secretariat sees results: `shown` is nil and
    /// `kept` true. `shown` is nil and `kept` false when the campaign was never scored.
    /// (On a cache hit it reads nothing from the database: the campaign's state comes with the run heads.)
    func visibleRun(_ code: String, _ request: Request) async throws -> (shown: ShownRun?, kept: Bool) {
        if case .secretariat? = try await app.session(request)?.principal {
            return (try await app.results.latest(code), false)
        }
        switch try await app.results.visible(code) {
        case .run(let shown): return (shown, false)
        case .none: return (nil, false)
        case .kept: return (nil, true)
        }
    }

    /// The run a request may see, nil when the campaign was never scored; 403 while results
    /// are kept to the secretariat (see `visibleRun`).
    func shownRun(_ code: String, _ request: Request) async throws -> ShownRun? {
        let (shown, kept) = try await visibleRun(code, request)
        if kept { throw WebError(.forbidden, Self.duringTheRound) }
        return shown
    }

    static let duringTheRound = "Hội đồng đang chấm điểm: kết quả (tổng điểm, thứ hạng, điểm của hội đồng) chỉ ban thư ký được xem "
        + "cho đến khi ban thư ký công bố kết quả hoặc khóa sổ chấm điểm."

    /// A campaign's prepared results for a request; 404 when there is no such campaign or it was never scored.
    func scored(_ code: String, _ request: Request) async throws -> ShownRun {
        // A page served from the cache reads nothing from the database (the standings are benchmarked).
        if let shown = try await shownRun(code, request) { return shown }
        _ = try await app.campaign(code)  // 404 for a campaign that does not exist
        throw WebError(.notFound, "Phong trào \(code) chưa được tính điểm.")
    }

    func standings(_ shown: ShownRun, code: String, group: String) throws -> StandingsPage {
        let results = shown.results
        guard let ranking = results.groups.first(where: { $0.label == group }) else {
            throw WebError(.notFound, "Không có nhóm xếp hạng \(group) trong phong trào \(code) (có: \(results.groups.map(\.label).joined(separator: ", "))).")
        }
        let names = results.unitNames
        let models = results.modelNames
        let best = results.groupBest[group] ?? 0
        let decimals = results.ranked.set.decimals
        let rows = try (results.byGroup[group] ?? []).map { (s) throws(ArithmeticFailure) in
            StandingsPage.Row(rank: s.rank, entry: s.entry, unit: s.unit, unitName: names[s.unit] ?? s.unit, name: models[s.entry] ?? "",
                total: s.total.text(decimals: decimals), totalValue: s.total.text(decimals: decimals, separator: "."), tier: s.tierTitle ?? "", award: s.awards.joined(separator: ", "),
                bar: try Self.percent(s.total, of: best))
        }
        return StandingsPage(code: code, campaign: results.ranked.campaign.title, group: group, groupTitle: results.title(of: ranking), results: shown.json, resultsLine: shown.line, rows: rows,
            apart: ranking.apart.map { Apart(entry: $0.entry, reason: $0.reason) })
    }

    /// `x` as a whole percentage of `best` (0…100), for a bar's width.
    static func percent(_ x: Exact, of best: Exact) throws(ArithmeticFailure) -> Int {
        guard best > 0 else { return 0 }
        let ratio = try x.multiplying(100).dividing(by: best).floored()
        // A whole number from 0 to 100 once clamped: the ratio's text is an integer's.
        guard let n = Int(ratio.description) else { return ratio > 0 ? 100 : 0 }
        return max(0, min(100, n))
    }

    // MARK: A unit

    struct UnitPage: Encodable {
        struct Criterion: Encodable {
            var id: String
            var title: String
            var max: String
            var points: String
            var average: String
            var best: String
        }
        struct Trace: Encodable {
            var item: String
            var value: String
            var rule: String
            var inputs: String
        }
        struct Entry: Encodable {
            var entry: String
            var name: String
            var status: String
            var total: String
            /// The total as an exact decimal with a point (`98.54`), empty when there is none.
            var totalValue: String
            var rank: String
            var group: String
            var tier: String
            var award: String
            var toNextTier: String
            var toNextRank: String
            var apart: String
            var criteria: [Criterion]
            var trace: [Trace]
        }
        var code: String
        var campaign: String
        var unit: String
        var unitName: String
        var results: RunJSON
        var resultsLine: String
        var entries: [Entry]
    }

    func unitPage(_ code: String, unit: String, _ request: Request) async throws -> UnitPage {
        let stored = try await app.campaign(code)
        let shown = try await shownRun(stored.code, request)
        let scored = shown?.results
        let campaign = scored?.ranked.campaign ?? stored
        let names: [String: String]
        if let scored {
            names = scored.unitNames
        } else {
            names = Dictionary(try await app.store.units().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        }
        guard let unitName = names[unit] else { throw WebError(.notFound, "Không có đơn vị \(unit).") }
        guard let shown, let results = scored else {
            throw WebError(.notFound, "Phong trào \(code) chưa được tính điểm.")
        }
        let targets = results.targetTexts[unit] ?? [:]
        let set = results.ranked.set
        let decimals = set.decimals
        let titles = Dictionary(set.criteria.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let models = results.modelNames
        let standings = results.standingByEntry
        func text(_ x: Exact?) -> String { x.map { $0.text(decimals: decimals) } ?? "—" }
        var entries: [UnitPage.Entry] = []
        for code in results.byUnit[unit] ?? [] {
            guard let e = results.entries[code] else { continue }
            let s = standings[code]
            let group = s?.group ?? e.bloc ?? ""
            let stats = results.criterionStats[group] ?? [:]
            let tierTitle = s?.tierTitle ?? e.tierTitle ?? ""
            entries.append(UnitPage.Entry(
                entry: code, name: models[code] ?? "", status: e.status, total: text(e.total),
                totalValue: e.total.map { $0.text(decimals: decimals, separator: ".") } ?? "",
                rank: s.map { "\($0.rank)/\($0.of)" } ?? "—", group: group, tier: tierTitle, award: s?.awards.joined(separator: ", ") ?? "",
                toNextTier: s?.toNextTier.map { "thiếu \($0.points.text(decimals: decimals)) điểm để đạt \($0.tier)" } ?? "",
                toNextRank: s?.toNextRankText(decimals: decimals) ?? "",
                apart: results.apart[code] ?? "",
                criteria: try e.criteria.map { (c) throws(ArithmeticFailure) in
                    // A pledge's target is a criterion of the unit's entry: its text is the target's.
                    UnitPage.Criterion(id: c.id, title: titles[c.id] ?? targets[c.id] ?? "", max: c.max.text(decimals: decimals), points: text(c.points),
                        average: text(try stats[c.id].map { (v) throws(ArithmeticFailure) in try v.average.rounded(decimals: decimals) }), best: text(stats[c.id]?.best))
                },
                trace: e.trace.map { UnitPage.Trace(item: $0.item, value: $0.value, rule: $0.rule, inputs: $0.inputs.map(results.anonymous).joined(separator: "; ")) }))
        }
        return UnitPage(code: code, campaign: campaign.title, unit: unit, unitName: unitName, results: shown.json, resultsLine: shown.line,
            entries: entries)
    }
}
