import Foundation
import ThiDuaCore
import ThiDuaServices
import ThiDuaStore
import ThiDuaWeb

#if canImport(Glibc)
import Glibc
#endif

// thidua-bench web-standings [--models N] [--blocs B] [--seed S] [--duration SECONDS] [--connections C]
//                            [--threads T] [--bloc CODE] [--db FILE] [--enforce yes]
//
// The national scenario (National.swift) stored in a database: N models (default 50,000) of
// N / 5 units (10,000) in B blocs (500), 7 jurors, 10 jury criteria (3,500,000 scores), imported
// with ThiĐua's own CSV import, scored once with ThiDuaServices' scoreAndStore and frozen (the
// round closed, so that the run's standings are public, marked interim). The web app
// (ThiDuaWeb) then runs in this process on a free port of 127.0.0.1; after a warm-up (the first
// request builds the results cache), `wrk --latency` loads one bloc's standings page, then the
// app's plain /hello route, for the same time at the same concurrency. Prints both latency
// distributions and request rates, the ratio of request rates (standings / hello) and the goals
// (p99 ≤ 50 ms, ratio ≥ 0.3). Fails on any non-2xx answer or socket error, or when a standings
// page lacks its rows; with --enforce yes also when a goal is missed. The database is kept in
// data/web-national-N-B-S.sqlite and reused. Small runs for CI:
// --models 2000 --blocs 20 --duration 3.

/// What one wrk run measured.
struct WrkResult {
    var requests: Int
    var rate: Double
    /// 50%, 75%, 90%, 99%, in milliseconds.
    var percentiles: [(label: String, ms: Double)]
    var errors: [String]
    var output: String

    func ms(_ label: String) -> Double { percentiles.first { $0.label == label }?.ms ?? .nan }

    /// Reads wrk's `--latency` report.
    static func parse(_ output: String) throws -> WrkResult {
        var percentiles: [(String, Double)] = []
        var rate: Double?
        var requests: Int?
        var errors: [String] = []
        for raw in output.split(separator: "\n") {
            let fields = raw.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard let first = fields.first else { continue }
            if ["50%", "75%", "90%", "99%"].contains(first), fields.count >= 2, let ms = milliseconds(fields[1]) {
                percentiles.append((first, ms))
            } else if first == "Requests/sec:", fields.count >= 2 {
                rate = Double(fields[1])
            } else if fields.count >= 3, fields[1] == "requests", fields[2] == "in", let n = Int(fields[0]) {
                requests = n
            } else if raw.contains("Non-2xx or 3xx responses") || raw.contains("Socket errors") {
                errors.append(raw.trimmingCharacters(in: .whitespaces))
            }
        }
        guard let rate, let requests, percentiles.count == 4 else {
            throw BenchFailure("could not read wrk's report:\n\(output)")
        }
        return WrkResult(requests: requests, rate: rate, percentiles: percentiles, errors: errors, output: output)
    }

    /// "812.00us", "3.21ms", "1.02s", "1.5m" in milliseconds.
    static func milliseconds(_ text: String) -> Double? {
        for (unit, factor) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60_000.0)] where text.hasSuffix(unit) {
            if let value = Double(text.dropLast(unit.count)) { return value * factor }
        }
        return nil
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A free TCP port of 127.0.0.1 (the kernel's pick; closed again before the server binds it).
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw BenchFailure("socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    guard bound == 0 else { throw BenchFailure("bind() failed") }
    let named = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    guard named == 0 else { throw BenchFailure("getsockname() failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Writes the national scenario as the CSV files `thidua import` reads; returns the score files (in parts).
func writeNationalCSV(_ input: ScoringInput, to directory: URL, partRows: Int = 700_000) throws -> [URL] {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    func write(_ name: String, _ text: String) throws {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let code = input.campaign.code
    var text = "code,name,kind,parent\n"
    for u in input.units { text += "\(u.code),\(u.name),\(u.kind.rawValue),\n" }
    try write("units.csv", text)
    text = "code,year,name,leader,members\n"
    for b in input.blocs { text += "\(b.code),\(b.year),\(b.name),\(b.leader),\(b.members.joined(separator: " "))\n" }
    try write("blocs.csv", text)
    try write("campaigns.csv", "code,year,title,criteria_set,registration_deadline,report_deadline,scoring_deadline,state\n"
        + "\(code),\(input.campaign.year),\(input.campaign.title),\(input.campaign.criteriaSet),,,,scoring\n")
    let metrics = ["khao_sat", "hai_long", "nhan_rong", "vuot_cap"]
    text = "campaign,code,unit,kind,field,name,registered_on," + metrics.map { "metrics.\($0)" }.joined(separator: ",") + ",facts.ky_luat\n"
    for m in input.models {
        let vetoed = m.facts["ky_luat"] == .bool(true)
        text += "\(code),\(m.code),\(m.unit),collective,\(m.field.rawValue),\(m.name),\(m.registeredOn.description),"
            + metrics.map { m.metrics[$0]?.description ?? "" }.joined(separator: ",") + ",\(vetoed)\n"
    }
    try write("models.csv", text)
    text = "campaign,code,name,title,unit\n"
    for j in input.jurors { text += "\(code),\(j.code),\(j.name),Thành viên hội đồng,\(j.unit ?? "")\n" }
    try write("jurors.csv", text)
    text = "campaign,juror,entry\n"
    for j in input.jurors { for m in input.models { text += "\(code),\(j.code),\(m.code)\n" } }
    try write("assignments.csv", text)
    var parts: [URL] = []
    let header = "campaign,juror,entry,criterion,points,comment,scored_at,correction_reason\n"
    text = header
    var rows = 0
    func flush() throws {
        let url = directory.appendingPathComponent("scores-\(parts.count).csv")
        try write(url.lastPathComponent, text)
        parts.append(url)
        text = header
        rows = 0
    }
    for s in input.scores.scores {
        text += "\(code),\(s.juror),\(s.entry),\(s.criterion),\(s.points.description),,\(s.time.description),\n"
        rows += 1
        if rows == partRows { try flush() }
    }
    if rows > 0 { try flush() }
    return parts
}

/// Runs async work from this synchronous command (the server keeps running on its own task).
final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do { box.result = .success(try await work()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

@MainActor func webStandings() throws {
    let models = Int(option("--models", "50000"))!
    let blocs = Int(option("--blocs", "500"))!
    let duration = Int(option("--duration", "10"))!
    let connections = Int(option("--connections", "64"))!
    let threads = Int(option("--threads", "2"))!
    let enforce = option("--enforce", "no") == "yes"
    let campaign = "QG-2024"
    let criteria = benchmarksRoot.appendingPathComponent("Criteria").path
    let clock = ContinuousClock()
    func elapsed(_ start: ContinuousClock.Instant) -> String { String(format: "%.1f s", seconds(clock.now - start)) }

    guard try shell("command -v wrk").status == 0 else {
        print("web-standings needs wrk (Debian: apt-get install wrk)")
        exit(2)
    }
    let scenario = National(models: models, blocs: blocs, seed: seed)
    let units = scenario.unitsPerBloc * blocs
    let dbPath = option("--db", benchmarksRoot.appendingPathComponent("data/web-national-\(models)-\(blocs)-\(seed).sqlite").path)

    // The store: made once, then reused (import and scoring are not what this measures).
    var store = try Store(path: dbPath)
    if try store.latestRunId(campaign: campaign) == nil {
        store = try {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: dbPath + suffix) }
            try FileManager.default.createDirectory(atPath: (dbPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            return try Store(path: dbPath)
        }()
        var start = clock.now
        let set = try findCriteriaSet("national", in: criteria)
        let input = scenario.input(set: set)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-web-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let parts = try writeNationalCSV(input, to: work)
        print("generated \(input.models.count) models of \(input.units.count) units in \(input.blocs.count) blocs, "
            + "\(input.scores.count) scores, as CSV in \(elapsed(start))")
        start = clock.now
        for kind in [ImportKind.units, .blocs, .campaigns, .models, .jurors, .assignments] {
            _ = try store.importCSV(kind, from: work.appendingPathComponent("\(kind.rawValue).csv"))
        }
        var imported = 0
        for part in parts { imported += try store.importCSV(.scores, from: part).added }
        guard imported == input.scores.count else { throw BenchFailure("imported \(imported) of \(input.scores.count) scores") }
        print("imported into \(dbPath) in \(elapsed(start))")
        start = clock.now
        let scored = try scoreAndStore(store, campaign, criteriaDirectory: criteria)
        print("scored (run #\(scored.run), \(scored.result.entries.filter(\.isRanked).count) ranked) in \(elapsed(start))")
    } else {
        print("reusing \(dbPath)")
    }
    // The round closed (frozen), so that the unpublished run's standings are public, marked
    // interim: while a jury round is open only the secretariat sees them. Frozen after the
    // import, which a frozen campaign refuses; a database kept from before is frozen here too.
    if try store.campaigns().first(where: { $0.code == campaign })?.state != .frozen {
        try store.setState(campaign: campaign, .frozen)
    }
    let storedUnits = try store.units().count
    let storedBlocs = try store.blocs().count
    let bloc = option("--bloc", String(format: "K%03d", blocs / 2))

    // The web app, in this process.
    let port = try freePort()
    let base = "http://127.0.0.1:\(port)"
    let server = store
    let options = WebOptions(host: "127.0.0.1", port: port, criteriaDirectory: criteria)
    try blocking {
        let app = try await WebApp.build(store: server, options: options)
        Task.detached { try await app.runService() }
    }
    var up = false
    for _ in 0..<300 {
        if try shell("curl -sf -o /dev/null '\(base)/hello'").status == 0 { up = true; break }
        usleep(100_000)
    }
    guard up else { throw BenchFailure("the web app did not answer \(base)/hello within 30 s") }

    let standingsURL = "\(base)/phong-trao/\(campaign)/khoi/\(bloc)"
    let helloURL = "\(base)/hello"
    var start = clock.now
    let first = try shell("curl -s -o /tmp/thidua-web-bench-page.html -w '%{http_code} %{size_download}' '\(standingsURL)'")
    let firstTime = elapsed(start)
    let fields = first.output.split(separator: " ")
    let page = (try? String(contentsOfFile: "/tmp/thidua-web-bench-page.html", encoding: .utf8)) ?? ""
    let rowsOnPage = page.components(separatedBy: "<tr id=\"dong-").count - 1
    guard fields.first == "200", rowsOnPage > 0 else {
        throw BenchFailure("GET \(standingsURL): \(first.output), \(rowsOnPage) rows\n\(page.prefix(2000))")
    }
    print("first request (builds the results cache): \(firstTime), \(fields[1]) bytes, \(rowsOnPage) rows")
    start = clock.now
    for url in [standingsURL, helloURL] { _ = try shell("wrk -t\(threads) -c\(connections) -d2s '\(url)'") }
    print("warm-up: 2 s of wrk on each in \(elapsed(start))")

    func load(_ url: String) throws -> WrkResult {
        let run = try shell("wrk -t\(threads) -c\(connections) -d\(duration)s --timeout 10s --latency '\(url)'")
        guard run.status == 0 else { throw BenchFailure("wrk failed (\(run.status)):\n\(run.output)") }
        return try WrkResult.parse(run.output)
    }
    let standings = try load(standingsURL)
    let hello = try load(helloURL)

    let cpu = try shell("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").output.trimmingCharacters(in: .whitespacesAndNewlines)
    let cores = try shell("nproc").output.trimmingCharacters(in: .whitespacesAndNewlines)
    let wrkVersion = try shell("wrk -v 2>&1 | head -1 | cut -d' ' -f1-2").output.trimmingCharacters(in: .whitespacesAndNewlines)
    print("machine: \(cpu), \(cores) cores (wrk and the server share them); \(wrkVersion)")
    print("data: \(models) models of \(storedUnits) units (\(units) expected) in \(storedBlocs) blocs; bloc \(bloc): \(rowsOnPage) rows, \(fields[1]) bytes")
    print("wrk -t\(threads) -c\(connections) -d\(duration)s --latency, peak memory of this process \(String(format: "%.0f", peakMemoryMiB())) MiB")
    print("                     requests    req/s      p50 ms   p75 ms   p90 ms   p99 ms")
    for (name, r) in [("standings \(bloc)", standings), ("/hello", hello)] {
        print(name.padding(toLength: 20, withPad: " ", startingAt: 0) + String(format: " %8d %9.0f %10.2f %8.2f %8.2f %8.2f",
            r.requests, r.rate, r.ms("50%"), r.ms("75%"), r.ms("90%"), r.ms("99%")))
    }
    let ratio = standings.rate / hello.rate
    let p99 = standings.ms("99%")
    let p99OK = p99 <= 50
    let ratioOK = ratio >= 0.3
    print(String(format: "standings p99 %.2f ms (goal ≤ 50 ms): %@", p99, p99OK ? "met" : "MISSED"))
    print(String(format: "ratio (standings req/s / hello req/s): %.3f (goal ≥ 0.3): %@", ratio, ratioOK ? "met" : "MISSED"))
    let errors = standings.errors.map { "standings: \($0)" } + hello.errors.map { "hello: \($0)" }
    for e in errors { print(e) }
    if !errors.isEmpty { exit(1) }
    if enforce && !(p99OK && ratioOK) { exit(1) }
    exit(0)
}
