import Foundation
import Hummingbird
import ThiDuaCore
import ThiDuaODF
import ThiDuaServices
import ThiDuaStore

/// The secretariat's pages: freeze a round, compute results, the jury agreement report, and
/// the downloads (results XML, award list ODS, decisions and certificates ODT).
struct AdminPages {
    let app: WebApp.State

    init(_ app: WebApp.State) { self.app = app }

    /// The documents a campaign can be downloaded as, by the fixed names the pages link to.
    enum Download: CaseIterable {
        case results, list, decisions, certificates

        var file: String {
            switch self {
            case .results: "ket-qua.xml"
            case .list: "danh-sach.ods"
            case .decisions: "quyet-dinh.zip"
            case .certificates: "giay-khen.zip"
            }
        }

        var title: String {
            switch self {
            case .results: "Kết quả kèm giải thích (XML)"
            case .list: "Danh sách khen thưởng và xếp hạng (ODS)"
            case .decisions: "Quyết định khen thưởng (ODT, nén ZIP)"
            case .certificates: "Giấy khen, bằng khen (ODT, nén ZIP)"
            }
        }
    }

    func register(_ router: Router<BasicRequestContext>) {
        router.get("quan-tri") { request, _ in
            let session = try await secretariat(request)
            var campaigns: [[String: Any]] = []
            for c in try await app.store.campaigns() {
                let latest = try await app.store.latestRunStatus(campaign: c.code)
                let published = try await app.store.publishedRun(campaign: c.code)
                let hasJurors = try await !app.store.jurors(campaign: c.code).isEmpty
                campaigns.append(["code": c.code, "title": c.title, "state": c.state.title, "frozen": c.state == .frozen,
                 "scored": latest != nil, "latest": latest.map { "\($0.run)" } ?? "",
                 "runs": Self.runsLine(latest: latest, published: published,
                     roundOpen: hasJurors && c.state != .frozen),
                 "canPublish": latest != nil && latest?.publishedAt == nil,
                 "downloads": Download.allCases.map { ["file": $0.file, "title": $0.title, "code": c.code] }])
            }
            return app.views.page("admin", title: "Ban thư ký", data: ["campaigns": campaigns, "csrf": session.csrf], session: session)
        }
        router.post("quan-tri/:code/khoa-so") { request, context in
            let session = try await secretariat(request)
            _ = try await app.form(request, session: session)
            let campaign = try await app.campaign(try context.parameters.require("code"))
            try await app.store.setState(campaign: campaign.code, .frozen)
            app.results.invalidate(campaign.code)
            return WebApp.redirect("/quan-tri")
        }
        router.post("quan-tri/:code/cong-bo") { request, context in
            let session = try await secretariat(request)
            let form = try await app.form(request, session: session)
            let campaign = try await app.campaign(try context.parameters.require("code"))
            // The run the page showed, so that a run computed meanwhile is not published unseen.
            let raw = (form["run"] ?? "").trimmingCharacters(in: .whitespaces)
            guard raw.isEmpty || Int64(raw) != nil else {
                throw WebError(.unprocessableContent, "Số lần tính cần công bố phải là một số (như 3), gặp \"\(raw)\".")
            }
            try await blocking {
                _ = try publishRun(app.store, campaign: campaign.code, run: Int64(raw), criteriaDirectory: app.options.criteriaDirectory,
                    seed: app.options.seed)
            }
            app.results.invalidate(campaign.code)
            return WebApp.redirect("/phong-trao/\(campaign.code)")
        }
        router.post("quan-tri/:code/tinh-diem") { request, context in
            let session = try await secretariat(request)
            _ = try await app.form(request, session: session)
            let campaign = try await app.campaign(try context.parameters.require("code"))
            try await blocking { _ = try scoreAndStore(app.store, campaign.code, criteriaDirectory: app.options.criteriaDirectory) }
            app.results.invalidate(campaign.code)
            return WebApp.redirect("/phong-trao/\(campaign.code)")
        }
        router.get("quan-tri/:code/hoi-dong") { request, context in
            let session = try await secretariat(request)
            let campaign = try await app.campaign(try context.parameters.require("code"))
            let set = try app.criteriaSet(campaign)
            guard set.subject == .model, set.criteria.contains(where: \.isJury) else {
                throw WebError(.notFound, "Phong trào \(campaign.code) không có tiêu chí do hội đồng chấm.")
            }
            let r = JuryAgreement.compute(try await blocking { try app.store.scoringInput(campaign: campaign.code, set: set) })
            func f(_ x: Double?) -> String { x.map { String(format: "%.4f", $0).replacingOccurrences(of: ".", with: ",") } ?? "—" }
            let data: [String: Any] = [
                "code": campaign.code, "title": campaign.title, "threshold": f(r.threshold),
                "concordance": r.concordance.map { ["group": $0.group, "jurors": $0.jurors.count, "entries": $0.entries, "w": f($0.w)] },
                "reliability": r.reliability.map { ["criterion": $0.criterion, "alpha": f($0.alpha), "units": $0.units] },
                "jurors": r.jurors.map { ["juror": $0.juror, "z": f($0.meanAbsoluteZ), "cells": $0.cells, "strays": $0.strays] },
            ]
            return app.views.page("jury", title: "Mức độ thống nhất — \(campaign.code)", data: data, session: session)
        }
        router.get("quan-tri/:code/tai/:file") { request, context in
            _ = try await secretariat(request)
            let campaign = try await app.campaign(try context.parameters.require("code"))
            let name = try context.parameters.require("file")
            guard let download = Download.allCases.first(where: { $0.file == name }) else {
                throw WebError(.notFound, "Không có tệp tải về \(name).")
            }
            return try await blocking { try make(download, campaign: campaign) }
        }
    }

    /// Which runs there are, as the secretariat's page says it. `roundOpen`: the campaign has
    /// jurors and is not frozen, so that nothing unpublished shows to anyone else.
    static func runsLine(latest: RunStatus?, published: RunStatus?, roundOpen: Bool) -> String {
        guard let latest else { return "Chưa tính điểm." }
        var line = "Lần tính mới nhất #\(latest.run) lúc \(ShownRun.time(latest.createdAt))"
        if let published {
            line += published.run == latest.run
                ? ", đã công bố lúc \(ShownRun.time(published.publishedAt ?? ""))."
                : ", chưa công bố; trang công khai đang hiện lần #\(published.run) (công bố lúc \(ShownRun.time(published.publishedAt ?? "")))."
        } else if roundOpen {
            line += ", chưa công bố: hội đồng đang chấm nên trang công khai chưa hiện kết quả; kết quả hiện khi công bố hoặc khóa sổ chấm điểm."
        } else {
            line += ", chưa công bố: trang công khai đang hiện kết quả này, ghi \"tạm tính\"."
        }
        return line
    }

    /// The signed-in secretariat's session, or 401 (not signed in) or 403 (a juror).
    func secretariat(_ request: Request) async throws -> Session {
        guard let session = try await app.session(request), session.principal != .anonymous else {
            throw WebError(.unauthorized, "Hãy đăng nhập bằng mã của ban thư ký.")
        }
        guard session.principal == .secretariat else { throw WebError(.forbidden, "Trang này chỉ dành cho ban thư ký.") }
        return session
    }

    /// Makes a download in a new folder of the work directory and sends it: only files the app
    /// has just written, under names it chose.
    func make(_ download: Download, campaign: Campaign) throws -> Response {
        let folder = app.options.workDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.path
        let type: String
        let file: URL
        switch download {
        case .results:
            file = URL(fileURLWithPath: try exportXML(app.store, campaign: campaign.code, out: out))
            type = "application/xml"
        case .list:
            file = URL(fileURLWithPath: try exportList(app.store, ranked(campaign), out: out))
            type = "application/vnd.oasis.opendocument.spreadsheet"
        case .decisions, .certificates:
            let r = try ranked(campaign)
            let paths = download == .decisions
                ? try exportDecisions(app.store, r, options: DocumentOptions(), out: out)
                : try exportCertificates(app.store, r, options: DocumentOptions(), out: out)
            file = folder.appendingPathComponent(download.file)
            try ZipFolder.write(paths.map { URL(fileURLWithPath: $0) }, to: file)
            type = "application/zip"
        }
        guard let data = FileManager.default.contents(atPath: file.path) else { throw WebError(.internalServerError, "Không tạo được tệp.") }
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentDisposition] = "attachment; filename=\"\(campaign.code)-\(download.file)\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    func ranked(_ campaign: Campaign) throws -> Ranked {
        try Ranked(app.store, campaign: campaign.code, criteriaDirectory: app.options.criteriaDirectory, seed: app.options.seed,
            keptCriteria: true)
    }
}
