import Foundation
import ThiDuaCore
import ThiDuaStore

// thidua-bench generate      [--rows N] [--seed S] [--out DIR]
// thidua-bench import-scores [--rows N] [--seed S] [--runs R] [--data DIR]
// thidua-bench score-national [--models N] [--blocs B] [--seed S] [--runs R] [--data DIR]
// thidua-bench award-list    [--rows N] [--seed S] [--runs R] [--pandas-runs R] [--data DIR]
// thidua-bench certificates  [--count N] [--seed S] [--runs R] [--template FILE.fodt] [--data DIR]
// thidua-bench web-standings [--models N] [--blocs B] [--seed S] [--duration SECONDS] [--connections C] [--enforce yes]
//                            (see WebStandings.swift)
//
// import-scores: imports the score file with ThiĐua and, in the same run, with the sqlite3
// command-line tool's `.import` into a table of the same shape (the file's columns, the same
// unique key, WAL, synchronous=NORMAL), and prints rows per second of both and their ratio.
//
// award-list: writes N award-list rows as ODS with ThiĐua's Spreadsheet (and as flat .fods), and
// in the same run with two Python peers on the same rows (plain strings + zipfile; pandas
// to_excel with odfpy); prints the times, ThiĐua's peak memory and the ratios, and fails unless
// every file reads back with the same rows. Small runs (--rows 5000 --runs 1) suit CI.
//
// certificates: fills Exports/giay-khen.fodt with N awardees (one page each, one ODT) with ThiĐua
// in a child process (time and peak memory), and in the same run with relatorio and with plain
// zip + text substitution on the same records; prints the times, ratios and ThiĐua's peak memory,
// and fails unless every file reads back the records' recipients (and, where shared/tools/odfcheck
// and jing are installed, unless ThiĐua's file is valid ODF 1.3). Small runs (--count 500 --runs 1) suit CI.

let command = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "import-scores"
let arguments = Array(CommandLine.arguments.dropFirst(2))
@MainActor func option(_ name: String, _ fallback: String) -> String {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return fallback }
    return arguments[i + 1]
}
let rows = Int(option("--rows", "1000000"))!
let seed = UInt64(option("--seed", "20241210"))!
let runs = Int(option("--runs", "3"))!
let data = URL(fileURLWithPath: option("--data", option("--out", "data/scores-\(rows)-\(seed)")))

func shell(_ command: String) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

/// Runs a Python peer from `peers/` with its arguments; the line of its output that starts
/// with `prefix` gives its time in seconds (`plain-zip write 1.24 s (median of 3: …)`). A peer
/// that fails stops the benchmark with its output.
func runPeer(_ script: String, _ arguments: [String], prefix: String) throws -> (line: String, time: Double) {
    let path = benchmarksRoot.appendingPathComponent("peers/\(script)").path
    let quoted = ([path] + arguments).map { "'\($0.replacingOccurrences(of: "'", with: "'\\''"))'" }
    let result = try shell("python3 " + quoted.joined(separator: " "))
    guard result.status == 0, let line = result.output.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }),
        let time = Double(line.dropFirst(prefix.count).split(separator: " ").first ?? "")
    else {
        print("\(script) failed:\n\(result.output)")
        exit(1)
    }
    return (String(line), time)
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

@MainActor func generateIfNeeded() throws {
    if FileManager.default.fileExists(atPath: data.appendingPathComponent("scores.csv").path) { return }
    let clock = ContinuousClock()
    let start = clock.now
    try Generator(scale: .forScores(rows), seed: seed).write(to: data)
    print("generated \(data.path) in \(String(format: "%.1f", seconds(clock.now - start))) s")
}

switch command {
case "generate":
    try generateIfNeeded()
case "import-scores":
    try generateIfNeeded()
    let scores = data.appendingPathComponent("scores.csv")
    let lineCount = try shell("wc -l < '\(scores.path)'").output.trimmingCharacters(in: .whitespacesAndNewlines)
    let scoreRows = Int(lineCount)! - 1
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: work) }
    let clock = ContinuousClock()

    var ours: [Double] = []
    for run in 0..<runs {
        let store = try Store(path: work.appendingPathComponent("thidua-\(run).sqlite").path)
        for kind in [ImportKind.units, .blocs, .campaigns, .models, .jurors, .assignments] {
            _ = try store.importCSV(kind, from: data.appendingPathComponent("\(kind.rawValue).csv"))
        }
        let start = clock.now
        let summary = try store.importCSV(.scores, from: scores)
        ours.append(seconds(clock.now - start))
        precondition(summary.added == scoreRows, "imported \(summary.added) of \(scoreRows)")
    }

    var peer: [Double] = []
    let schema = """
        PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
        CREATE TABLE scores (campaign TEXT NOT NULL, juror TEXT NOT NULL, entry TEXT NOT NULL, criterion TEXT NOT NULL,
            points TEXT NOT NULL, comment TEXT, scored_at TEXT NOT NULL, correction_reason TEXT,
            UNIQUE (campaign, juror, entry, criterion, scored_at));
        """
    for run in 0..<runs {
        let db = work.appendingPathComponent("sqlite3-\(run).sqlite").path
        _ = try shell("sqlite3 '\(db)' \"\(schema.replacingOccurrences(of: "\n", with: " "))\" > /dev/null")
        let start = clock.now
        let result = try shell("sqlite3 '\(db)' 'PRAGMA synchronous=NORMAL;' '.mode csv' \".import --skip 1 '\(scores.path)' scores\"")
        peer.append(seconds(clock.now - start))
        let count = try shell("sqlite3 '\(db)' 'SELECT count(*) FROM scores'").output.trimmingCharacters(in: .whitespacesAndNewlines)
        precondition(result.status == 0 && Int(count) == scoreRows, "sqlite3 imported \(count) rows: \(result.output)")
    }

    let oursRate = Double(scoreRows) / median(ours)
    let peerRate = Double(scoreRows) / median(peer)
    let cpu = try shell("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").output.trimmingCharacters(in: .whitespacesAndNewlines)
    let cores = try shell("nproc").output.trimmingCharacters(in: .whitespacesAndNewlines)
    let sqliteVersion = try shell("sqlite3 --version | cut -d' ' -f1").output.trimmingCharacters(in: .whitespacesAndNewlines)
    print("machine: \(cpu), \(cores) cores; sqlite3 \(sqliteVersion)")
    print("file: \(scores.path), \(scoreRows) score rows, median of \(runs) runs")
    print(String(format: "thidua import scores   %6.2f s  %9.0f rows/s   (runs: %@)", median(ours), oursRate,
        ours.map { String(format: "%.2f", $0) }.joined(separator: ", ")))
    print(String(format: "sqlite3 .import        %6.2f s  %9.0f rows/s   (runs: %@)", median(peer), peerRate,
        peer.map { String(format: "%.2f", $0) }.joined(separator: ", ")))
    print(String(format: "ratio (thidua / sqlite3): %.2f", oursRate / peerRate))
case "score-national":
    try scoreNational()
case "award-list":
    try awardList()
case "certificates":
    try certificates()
case "web-standings":
    do {
        try webStandings()
    } catch {
        print("web-standings failed: \(error)")
        exit(1)
    }
default:
    print("usage: thidua-bench generate|import-scores|score-national|award-list|certificates|web-standings [--rows N] [--seed S] [--runs R] [--data DIR]")
    exit(2)
}
