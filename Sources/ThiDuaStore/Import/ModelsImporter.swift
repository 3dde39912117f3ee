import GRDB
import ThiDuaCore

/// models.csv: the registration form of each model, with `metrics.NAME` and `facts.NAME` columns.
struct ModelsImporter: RowImporter {
    static let formColumns = [
        "situation", "goals", "approach", "area_and_people", "forces", "resources", "duration", "outputs", "sustainability",
    ]
    static let columns: [ColumnSpec] =
        [.req("campaign"), .req("code"), .req("unit"), .req("kind"), .opt("person_name"), .opt("person_position"),
            .req("field"), .req("name"), .req("registered_on")] + formColumns.map { .opt($0) }
    static let openPrefixes = ["metrics.", "facts."]

    private let units: [String: Int64]
    private let campaigns: [String: CampaignRef]
    private var models: PerCampaign
    private var firstRow = FirstRows<CampaignKey>()
    private let c: [String: Int]
    private let metrics: [(name: String, column: Int)]
    private let facts: [(name: String, column: Int)]

    init(_ context: ImportContext, _ db: Database) throws {
        units = try Lookup.units(db)
        campaigns = try Lookup.campaigns(db)
        models = try Lookup.perCampaign(db, table: "models")
        var c: [String: Int] = [:]
        for spec in Self.columns { c[spec.name] = context.column(spec.name) }
        self.c = c
        metrics = context.columnNames.enumerated().filter { $0.element.hasPrefix("metrics.") }
            .map { (String($0.element.dropFirst("metrics.".count)), $0.offset) }
        facts = context.columnNames.enumerated().filter { $0.element.hasPrefix("facts.") }
            .map { (String($0.element.dropFirst("facts.".count)), $0.offset) }
    }

    mutating func importRow(_ context: inout ImportContext, _ db: Database, _ summary: inout ImportSummary) throws {
        let campaign = context.campaign(c["campaign"], in: campaigns)
        let code = context.code(c["code"])
        let unit = context.unit(c["unit"], in: units)
        let kind = context.choice(c["kind"], ModelKind.self)
        var personName = context.text(c["person_name"], maxLength: 200)
        var personPosition = context.text(c["person_position"], maxLength: 300)
        switch kind {
        case .individual?:
            if personName == nil { personName = context.required(c["person_name"]) }
            if personPosition == nil { personPosition = context.required(c["person_position"]) }
        case .collective?:
            for (column, value) in [("person_name", personName), ("person_position", personPosition)] {
                if let value {
                    context.fail(c[column], expected: "ô trống\(context.named(c[column])) với mô hình tập thể (collective)", found: shown(value))
                }
            }
        case nil: break
        }
        let field = context.choice(c["field"], Model.Field.self)
        let name = context.required(c["name"], maxLength: 500)
        let registeredOn = context.day(c["registered_on"])
        let form = Self.formColumns.map { context.text(c[$0], maxLength: 10_000) }
        var metricValues: [[DatabaseValue]] = []
        for metric in metrics {
            if let value = context.number(metric.column, required: false) {
                metricValues.append([metric.name.databaseValue, value.databaseValue])
            }
        }
        var factValues: [[DatabaseValue]] = []
        for fact in facts {
            // As written: the campaign's criteria set says how it is read (inputs.facts), not the import.
            guard let value = context.text(fact.column, maxLength: 2000) else { continue }
            factValues.append([fact.name.databaseValue, value.databaseValue])
        }
        guard let campaign, let code else { return }
        let key = CampaignKey(campaign: campaign.id, code: code)
        guard firstRow.claim(key, &context, column: c["code"],
            expected: "mỗi mã mô hình chỉ một lần trong một phong trào", found: "\(shown(code)) lần nữa")
        else { return }
        guard context.rowIssues == 0, let unit, let kind, let field, let name, let registeredOn else { return }
        var values: [(String, (any DatabaseValueConvertible)?)] = [
            ("campaign_id", campaign.id), ("code", code), ("unit_id", unit), ("kind", kind.rawValue),
            ("person_name", personName), ("person_position", personPosition), ("field", field.rawValue),
            ("name", name), ("registered_on", registeredOn.description),
        ]
        values += zip(Self.formColumns, form).map { ($0, $1) }
        let (id, change) = try upsert(db, into: "models", id: models[campaign.id, code], values: values)
        models.add(campaign: campaign, code: code, id: id)
        let metricsChanged = try replaceSet(
            db, table: "model_metrics", ownerColumn: "model_id", owner: id, itemColumns: ["name", "value"], items: metricValues)
        let factsChanged = try replaceSet(
            db, table: "model_facts", ownerColumn: "model_id", owner: id, itemColumns: ["name", "value"], items: factValues)
        summary.record(change.with(linkedChanged: metricsChanged || factsChanged))
    }
}

/// The `kind` column of models.csv.
enum ModelKind: String, CaseIterable {
    case collective, individual
}
