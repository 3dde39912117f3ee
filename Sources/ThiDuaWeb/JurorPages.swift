import Foundation
import Hummingbird
import ThiDuaCore
import ThiDuaServices
import ThiDuaStore

/// Signing in with a personal token, and a juror's scoring: the assigned entries with progress,
/// one entry's form criterion by criterion, corrections with a reason.
struct JurorPages {
    let app: WebApp.State

    init(_ app: WebApp.State) { self.app = app }

    func register(_ router: Router<BasicRequestContext>) {
        router.get("dang-nhap") { request, _ in
            let session: Session
            if let existing = try await app.session(request) {
                session = existing
            } else {
                session = await app.sessions.create(.anonymous)
            }
            var response = app.views.page("signin", title: "Đăng nhập", data: ["csrf": session.csrf], session: session)
            response.setCookie(WebApp.cookie(session))
            return response
        }
        router.post("dang-nhap") { request, _ in
            let current = try await app.session(request)
            let form = try await app.form(request, session: current)
            let token = (form["token"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let principal: Principal
            if let juror = try await app.store.juror(token: token) {
                principal = .juror(campaign: juror.campaign, code: juror.code)
            } else if try await app.store.isAdminToken(token) {
                principal = .secretariat
            } else {
                throw WebError(.unauthorized, "Mã truy cập không đúng. Hãy nhập mã cá nhân mà ban thư ký đã cấp.")
            }
            if let current { await app.sessions.remove(current.id) }
            let session = await app.sessions.create(principal, tokenDigest: Store.tokenDigest(token))
            return WebApp.redirect(principal == .secretariat ? "/quan-tri" : "/cham-diem", session: session)
        }
        router.post("dang-xuat") { request, _ in
            let current = try await app.session(request)
            _ = try await app.form(request, session: current)
            if let current { await app.sessions.remove(current.id) }
            var response = WebApp.redirect("/")
            response.setCookie(Cookie(name: WebApp.sessionCookie, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
            return response
        }
        router.get("cham-diem") { request, _ in
            let (session, juror) = try await signedIn(request)
            let data = try await assigned(juror)
            return app.views.page("assigned", title: "Chấm điểm", data: data, session: session)
        }
        router.get("cham-diem/:entry") { request, context in
            let (session, juror) = try await signedIn(request)
            let page = try await entryForm(juror, entry: try context.parameters.require("entry"), values: nil, errors: [:], message: nil)
            return app.views.page("score", title: "Chấm \(page["entry"] ?? "")", data: page, session: session)
        }
        router.post("cham-diem/:entry") { request, context in
            let (session, juror) = try await signedIn(request)
            let form = try await app.form(request, session: session)
            let entry = try context.parameters.require("entry")
            return try await submit(juror, entry: entry, form: form, session: session)
        }
    }

    /// The signed-in juror, or 401.
    func signedIn(_ request: Request) async throws -> (Session, Juror) {
        let session = try await app.session(request)
        if session?.principal == .secretariat {
            throw WebError(.forbidden, "Trang này dành cho thành viên hội đồng chấm điểm, không dành cho ban thư ký.")
        }
        guard let session, case .juror(let campaign, let code) = session.principal else {
            throw WebError(.unauthorized, "Hãy đăng nhập bằng mã cá nhân của thành viên hội đồng (trang Đăng nhập).")
        }
        guard let juror = try await app.store.jurors(campaign: campaign).first(where: { $0.code == code }) else {
            throw WebError(.unauthorized, "Thành viên \(code) không còn trong phong trào \(campaign).")
        }
        return (session, juror)
    }

    func juryCriteria(_ campaign: Campaign) throws -> [Criterion] {
        try app.criteriaSet(campaign).criteria.filter(\.isJury)
    }

    /// The conflict-of-interest rule of a campaign's criteria set, over the stored unit tree: the
    /// one the engine applies, so a juror is never shown an entry whose scores would not count.
    func conflicts(_ campaign: Campaign) async throws -> ConflictOfInterest {
        let rule = try app.criteriaSet(campaign).jury?.conflicts ?? .unit
        // Only `unit_tree` needs the tree: a score sent is checked without reading every unit.
        return ConflictOfInterest(rule, units: rule == .unitTree ? try await app.store.units() : [])
    }

    /// 403 when the juror may not score the entry under the campaign's conflict rule.
    func checkConflict(_ juror: Juror, entry: String, unit: String, _ conflicts: ConflictOfInterest) throws {
        guard let reason = conflicts.reason(jurorUnit: juror.unit, entryUnit: unit) else { return }
        let rule = conflicts.rule == .unitTree
            ? "bộ tiêu chí không cho thành viên của đơn vị có mục, đơn vị cấp trên hay cấp dưới của nó chấm"
            : "bộ tiêu chí không cho thành viên của đơn vị có mục chấm"
        throw WebError(.forbidden, "Thành viên \(juror.code) không được chấm \(entry) (đơn vị \(unit)): \(reason); \(rule) (xung đột lợi ích).")
    }

    /// The entries a juror scores (never those the conflict rule keeps from them), with how far they are.
    func assigned(_ juror: Juror) async throws -> [String: Any] {
        let campaign = try await app.campaign(juror.campaign)
        let criteria = try juryCriteria(campaign)
        let rule = try await conflicts(campaign)
        let models = Dictionary(try await app.store.models(campaign: campaign.code).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let mine = try await app.store.assignments(campaign: campaign.code).filter { $0.juror == juror.code }
            .compactMap { models[$0.entry] }.filter { !rule.excludes(jurorUnit: juror.unit, entryUnit: $0.unit) }
        let scored = try await app.store.scores(campaign: campaign.code, currentOnly: true).filter { $0.juror == juror.code }
        let counts = Dictionary(grouping: scored, by: \.entry).mapValues(\.count)
        let units = try await unitNames()
        let rows: [[String: Any]] = mine.map { m in
            let n = counts[m.code] ?? 0
            return ["entry": m.code, "name": m.name, "unit": m.unit, "unitName": units[m.unit] ?? m.unit, "scored": n, "of": criteria.count, "done": n >= criteria.count]
        }
        let done = rows.filter { $0["done"] as? Bool == true }.count
        return ["campaign": campaign.title, "juror": juror.code, "jurorName": juror.name, "rows": rows, "done": done, "total": rows.count,
                "percent": rows.isEmpty ? 0 : done * 100 / rows.count, "frozen": campaign.state == .frozen]
    }

    /// The units' names by code: a page shows a unit by its name.
    func unitNames() async throws -> [String: String] {
        Dictionary(try await app.store.units().map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// One entry's form: each jury criterion with its maximum, step and the score in effect.
    func entryForm(_ juror: Juror, entry: String, values: [String: String]?, errors: [String: String], message: String?) async throws
        -> [String: Any]
    {
        let campaign = try await app.campaign(juror.campaign)
        guard let model = try await app.store.models(campaign: campaign.code).first(where: { $0.code == entry }) else {
            throw WebError(.notFound, "Không có mô hình \(entry) trong phong trào \(campaign.code).")
        }
        try checkConflict(juror, entry: model.code, unit: model.unit, try await conflicts(campaign))
        guard try await app.store.assignments(campaign: campaign.code).contains(where: { $0.juror == juror.code && $0.entry == entry }) else {
            throw ScoreRefusal.notAssigned(juror: juror.code, entry: entry)
        }
        let current = try await app.store.scores(campaign: campaign.code, currentOnly: true).filter { $0.juror == juror.code && $0.entry == entry }
        let saved = Dictionary(current.map { ($0.criterion, $0) }, uniquingKeysWith: { a, _ in a })
        let criteria: [[String: Any]] = try juryCriteria(campaign).map { c in
            let step = Self.step(c)
            // A text field (not `type=number`, which drops a decimal comma in some browsers):
            // the value as the juror wrote it, or the saved one with a decimal comma, and what
            // the server understood it as.
            let value = values?[c.id] ?? saved[c.id].map { $0.points.vietnamese } ?? ""
            return (["id": c.id, "title": c.title, "max": c.max.vietnamese, "maxValue": c.max.description,
                    "step": step?.vietnamese ?? "tùy ý", "stepValue": step?.description ?? "any",
                    "value": value, "understood": Self.understood(value), "error": errors[c.id] ?? ""] as [String: Any])
                    .droppingEmpty("error", "understood")
        }
        return (["campaign": campaign.title, "entry": model.code, "name": model.name, "unit": model.unit,
                "unitName": try await unitNames()[model.unit] ?? model.unit, "criteria": criteria,
                "comment": values?["comment"] ?? current.first?.comment ?? "", "hasSaved": !current.isEmpty, "message": message ?? "",
                "frozen": campaign.state == .frozen] as [String: Any]).droppingEmpty("message")
    }

    /// Checks the submitted points (numbers, 0…max, on the step) and records them; a wrong form
    /// is shown again with each mistake beside its criterion (422).
    func submit(_ juror: Juror, entry: String, form: Form, session: Session) async throws -> Response {
        let campaign = try await app.campaign(juror.campaign)
        if campaign.state == .frozen { throw ScoreRefusal.frozen(campaign: campaign.code) }
        guard let unit = try await app.store.entryUnit(campaign: campaign.code, entry: entry) else {
            throw WebError(.notFound, "Không có mô hình \(entry) trong phong trào \(campaign.code).")
        }
        // A juror with no unit is never conflicted: the unit tree is read only for one with a unit.
        if juror.unit != nil { try checkConflict(juror, entry: entry, unit: unit, try await conflicts(campaign)) }
        var points: [(criterion: String, points: Exact)] = []
        var errors: [String: String] = [:]
        var values: [String: String] = ["comment": form["comment"] ?? ""]
        for c in try juryCriteria(campaign) {
            let raw = (form["diem_\(c.id)"] ?? "").trimmingCharacters(in: .whitespaces)
            values[c.id] = raw
            guard !raw.isEmpty else { continue }
            guard let value = Exact(raw) else {
                errors[c.id] = "Cần một số từ 0 đến \(c.max.vietnamese), phần thập phân sau dấu phẩy hoặc dấu chấm (như 7,5); gặp \"\(raw)\"."
                continue
            }
            if value < 0 || value > c.max {
                errors[c.id] = "Điểm \(value.vietnamese) nằm ngoài 0…\(c.max.vietnamese)."
            } else if let step = Self.step(c), !value.isMultiple(of: step) {
                errors[c.id] = "Điểm \(value.vietnamese) không theo bước \(step.vietnamese)."
            } else {
                points.append((c.id, value))
            }
        }
        if errors.isEmpty && points.isEmpty {
            errors["_"] = "Chưa nhập điểm tiêu chí nào."
        }
        if !errors.isEmpty {
            let page = try await entryForm(juror, entry: entry, values: values, errors: errors, message: errors["_"] ?? "Có điểm chưa hợp lệ: xem từng tiêu chí.")
            return app.views.page("score", title: "Chấm \(entry)", data: page, session: session, status: .unprocessableContent)
        }
        do {
            _ = try await app.store.recordScores(campaign: campaign.code, juror: juror.code, entry: entry, points: points,
                comment: form["comment"], reason: form["reason"], at: Self.now())
        } catch let refusal as ScoreRefusal {
            guard case .correctionNeedsReason(let criteria) = refusal else { throw refusal }
            var errors: [String: String] = [:]
            // A changed comment alone is a correction too: say which of the two changed.
            let saved = Dictionary(try await app.store.scores(campaign: campaign.code, currentOnly: true)
                .filter { $0.juror == juror.code && $0.entry == entry }.map { ($0.criterion, $0.points) }, uniquingKeysWith: { _, b in b })
            let sent = Dictionary(points.map { ($0.criterion, $0.points) }, uniquingKeysWith: { _, b in b })
            for c in criteria {
                errors[c] = saved[c] != nil && saved[c] == sent[c]
                    ? "Nhận xét khác nhận xét đã lưu: cần ghi lý do sửa."
                    : "Điểm này khác điểm đã lưu: cần ghi lý do sửa."
            }
            let page = try await entryForm(juror, entry: entry, values: values, errors: errors, message: refusal.description)
            return app.views.page("score", title: "Chấm \(entry)", data: page, session: session, status: .unprocessableContent)
        }
        return WebApp.redirect("/cham-diem")
    }

    /// What a score field's text is read as ("1,5" and "1.5" → "= 1,5 điểm"), empty when it is
    /// empty or not a number.
    static func understood(_ text: String) -> String {
        guard let value = Exact(text.trimmingCharacters(in: .whitespaces)) else { return "" }
        return "= \(value.vietnamese) điểm"
    }

    /// The step a jury criterion is scored in. (Not inlined: Swift 6.3.1's optimizer crashes on
    /// the closure that calls it in `entryForm` when it is.)
    @inline(never)
    static func step(_ c: Criterion) -> Exact? {
        if case .jury(let step) = c.source { return step }
        return nil
    }

    /// Now, to the second: an instant (the store logs it in the campaign's time zone).
    static func now() -> Moment {
        Moment(secondsSinceEpoch: Int64(Date().timeIntervalSince1970.rounded(.down)), offset: .utc)
    }
}
