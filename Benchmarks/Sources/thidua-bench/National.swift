import Foundation
import ThiDuaCore

/// The "national" scenario: 100,000 models of 20,000 units in 500 blocs, 7 jurors (two of them
/// affiliated with units that own models), 10 jury criteria: 7,000,000 scores, generated in memory.
struct National {
    var models: Int
    var blocs: Int
    var seed: UInt64

    var unitsPerBloc: Int { max(1, models / 5 / blocs) }

    func input(set: CriteriaSet) -> ScoringInput {
        var rng = SplitMix64(seed: seed)
        let campaign = Campaign(code: "QG-2024", year: 2024, title: "Toàn quốc", criteriaSet: set.id, state: .scoring)
        var units: [ThiDuaCore.Unit] = []
        var blocs: [Bloc] = []
        for b in 0..<self.blocs {
            let members = (0..<unitsPerBloc).map { String(format: "U%06d", b * unitsPerBloc + $0) }
            for m in members { units.append(ThiDuaCore.Unit(code: m, name: "Đơn vị \(m)", kind: .commune)) }
            blocs.append(Bloc(code: String(format: "K%03d", b), name: "Khối \(b)", year: 2024, leader: members[0], members: members))
        }
        let jurors = (1...7).map { j in
            Juror(code: String(format: "GK%02d", j), campaign: campaign.code, name: "Thành viên \(j)", title: "",
                unit: j <= 2 ? units[j * 7].code : nil)
        }
        let criteria = set.criteria.filter(\.isJury).map(\.id)
        var models: [Model] = []
        models.reserveCapacity(self.models)
        var log = ScoreLog()
        log.reserveCapacity(self.models * jurors.count * criteria.count)
        let day = Day(year: 2024, month: 3, day: 1)!
        for i in 0..<self.models {
            let code = String(format: "M%06d", i)
            let unit = units[i % units.count].code
            let survey = Int(rng.next() % 400) + 20
            let satisfied = survey - Int(rng.next() % UInt64(survey / 3 + 1))
            models.append(Model(code: code, campaign: campaign.code, unit: unit, holder: .collective, field: .economy,
                name: "Mô hình \(code)", registeredOn: day,
                metrics: ["khao_sat": Exact(survey), "hai_long": Exact(satisfied), "nhan_rong": Exact(Int(rng.next() % 4)),
                          "vuot_cap": Exact(rng.next() % 10 == 0 ? 1 : 0)],
                facts: ["ky_luat": .bool(rng.next() % 100 == 0)]))
            // Each juror has a level; points in halves from 0 to 10.
            for (j, juror) in jurors.enumerated() {
                for (c, criterion) in criteria.enumerated() {
                    let base = 9 + (j + c) % 5 + Int(rng.next() % 8)
                    let halves = min(20, base)
                    log.append(juror: juror.code, entry: code, criterion: criterion, points: Exact(numerator: Int128(halves), denominator: 2)!,
                        seconds: 1_733_817_600 + Int64(i % 36_000))
                }
            }
        }
        return ScoringInput(set: set, campaign: campaign, units: units, blocs: blocs, models: models, jurors: jurors, scoreLog: log)
    }

    /// Writes the same data as CSV for the pandas peer.
    func writeCSV(_ input: ScoringInput, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var models = "code,unit,khao_sat,hai_long,nhan_rong,vuot_cap,ky_luat\n"
        for m in input.models {
            let f = m.facts["ky_luat"] == .bool(true) ? "1" : "0"
            models += "\(m.code),\(m.unit),\(m.metrics["khao_sat"]!),\(m.metrics["hai_long"]!),\(m.metrics["nhan_rong"]!),\(m.metrics["vuot_cap"]!),\(f)\n"
        }
        try models.write(to: directory.appendingPathComponent("models.csv"), atomically: true, encoding: .utf8)
        var jurors = "juror,juror_unit\n"
        for j in input.jurors { jurors += "\(j.code),\(j.unit ?? "")\n" }
        try jurors.write(to: directory.appendingPathComponent("jurors.csv"), atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("scores.csv").path, contents: nil)
        let handle = try FileHandle(forWritingTo: directory.appendingPathComponent("scores.csv"))
        defer { try? handle.close() }
        var chunk = "entry,juror,criterion,points\n"
        for s in input.scores.scores {
            chunk += "\(s.entry),\(s.juror),\(s.criterion),\(s.points)\n"
            if chunk.utf8.count > 1 << 20 {
                handle.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        handle.write(Data(chunk.utf8))
    }
}

/// Peak resident memory of this process so far, from /proc (Linux).
func peakMemoryMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return 0 }
    return kb / 1024
}

/// The package's folder, for its criteria set and peers whatever the working directory.
let benchmarksRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@MainActor func scoreNational() throws {
    let models = Int(option("--models", "100000"))!
    let blocs = Int(option("--blocs", "500"))!
    let setFile = benchmarksRoot.appendingPathComponent("Criteria/national.yaml")
    let set = try CriteriaSet.load(bytes: [UInt8](try Data(contentsOf: setFile)), file: "Criteria/national.yaml")
    let clock = ContinuousClock()
    var start = clock.now
    let scenario = National(models: models, blocs: blocs, seed: seed)
    let input = scenario.input(set: set)
    print(String(format: "generated %d models, %d blocs, %d jurors, %d scores in %.1f s", input.models.count, input.blocs.count,
        input.jurors.count, input.scores.count, seconds(clock.now - start)))

    let trace = option("--trace", "no") == "yes"
    var times: [Double] = []
    var result: ScoringResult?
    for _ in 0..<runs {
        result = nil
        start = clock.now
        result = Engine.score(input, trace: trace)
        times.append(seconds(clock.now - start))
    }
    // Ranking and awards on the same result, timed the same way.
    var rankTimes: [Double] = []
    var awarded = 0
    for _ in 0..<runs {
        start = clock.now
        let ranking = try Ranker.rank(result!, set: set, models: input.models)
        let awards = try Awarding.decide(ranking, result: result!, set: set, campaign: input.campaign, models: input.models)
        rankTimes.append(seconds(clock.now - start))
        awarded = awards.forms.reduce(0) { $0 + $1.count }
    }
    let peak = peakMemoryMiB()
    let entries = result!.entries
    let ranked = entries.filter(\.isRanked).count
    print(String(format: "thidua evaluation%@ %6.2f s  (median of %d: %@); peak memory %.0f MiB", trace ? " with traces" : "", median(times), runs,
        times.map { String(format: "%.2f", $0) }.joined(separator: ", "), peak))
    print(String(format: "thidua ranking + awards %6.2f s  (median of %d: %@); %d awards in %d blocs", median(rankTimes), runs,
        rankTimes.map { String(format: "%.2f", $0) }.joined(separator: ", "), awarded, input.blocs.count))
    print(String(format: "evaluation, ranking and awards together: %.2f s (budget 2 s)", median(times) + median(rankTimes)))
    print("  \(entries.count) entries: \(ranked) ranked, \(entries.filter(\.isVetoed).count) vetoed, "
        + "\(entries.filter(\.isIncomplete).count) incomplete, \(result!.errors.count) errors; "
        + "\(entries.reduce(0) { $0 + $1.trace.count }) trace lines")

    // The peer: the same criteria in pandas, on the same data written as CSV (loading is not timed).
    let dir = data.path.hasSuffix("scores-\(rows)-\(seed)") ? URL(fileURLWithPath: "data/national-\(models)-\(blocs)-\(seed)") : data
    if !FileManager.default.fileExists(atPath: dir.appendingPathComponent("scores.csv").path) {
        start = clock.now
        try scenario.writeCSV(input, to: dir)
        print(String(format: "wrote %@ for the peer in %.1f s", dir.path, seconds(clock.now - start)))
    }
    let script = benchmarksRoot.appendingPathComponent("peers/score_pandas.py").path
    let totals = dir.appendingPathComponent("pandas-totals.csv")
    let peer = try shell("python3 '\(script)' '\(dir.path)' --runs \(runs) --out '\(totals.path)'")
    guard peer.status == 0, let line = peer.output.split(separator: "\n").first(where: { $0.hasPrefix("pandas evaluation") }),
        let peerTime = Double(line.split(separator: " ").dropFirst(2).first ?? "")
    else {
        print("pandas peer failed:\n\(peer.output)")
        exit(1)
    }
    print(peer.output.trimmingCharacters(in: .whitespacesAndNewlines))

    // Same totals: every entry's total (2 decimals) and status.
    let ours = Dictionary(uniqueKeysWithValues: entries.map { e in
        (e.entry, "\(e.total.map { $0.text(decimals: 2, separator: ".") } ?? "")|\(e.status)")
    })
    var compared = 0
    var different: [String] = []
    for row in try String(contentsOf: totals, encoding: .utf8).split(separator: "\n").dropFirst() {
        let f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        compared += 1
        if ours[f[0]] != "\(f[1])|\(f[2])" { different.append("\(f[0]): thidua \(ours[f[0]] ?? "none"), pandas \(f[1])|\(f[2])") }
    }
    print("totals compared on all \(compared) entries: \(compared - different.count) equal, \(different.count) different")
    for d in different.prefix(10) { print("  " + d) }
    print(String(format: "ratio (pandas time / thidua time): %.1f×", peerTime / median(times)))
    if !different.isEmpty || compared != entries.count { exit(1) }
}
