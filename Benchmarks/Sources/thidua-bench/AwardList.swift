import Foundation
import ThiDuaCore
import ThiDuaExport
import ThiDuaODF

/// A national-size award list: `rows` awardees in the award sheet's 8 columns (number, model,
/// holder, group, rank, total, tier, code: 5 of Vietnamese text, number, rank and total typed
/// numbers), from a seeded generator, so the same seed gives the same rows everywhere.
struct AwardListRows {
    var rows: Int
    var seed: UInt64

    static let places = [
        "Phú Lâm", "Hòa Lợi", "An Phú", "Bình Minh", "Tân Lộc", "Thủy Dương", "Hương Sơ", "Phước Vĩnh", "Quảng Điền",
        "Nghĩa Đàn", "Ea Kar", "Cư M'gar", "Điện Biên Đông", "Ngọc Lặc", "Đắk Mil", "Hải Châu", "Sóc Sơn", "Ô Môn",
    ]
    static let topics = [
        "phát triển kinh tế hộ gia đình", "xây dựng nông thôn mới kiểu mẫu", "giữ gìn an ninh trật tự & phòng chống tội phạm",
        "chuyển đổi số trong cải cách hành chính", "bảo vệ môi trường, phân loại rác tại nguồn",
        "hỗ trợ người cao tuổi \"neo đơn\"", "khuyến học, khuyến tài", "đền ơn đáp nghĩa <gia đình chính sách>",
    ]
    static let bodies = [
        "Ủy ban nhân dân xã", "Hội Liên hiệp Phụ nữ phường", "Đoàn Thanh niên xã", "Công an xã", "Hội Nông dân xã",
        "Mặt trận Tổ quốc thị trấn", "Hội Cựu chiến binh phường",
    ]

    /// Calls `row` with each row's cells as the award list writes them and its fields as the
    /// peers read them (the total with a point).
    func generate(_ row: ([Spreadsheet.Cell], [String]) -> Void) {
        var rng = SplitMix64(seed: seed)
        var rank = 0
        var group = ""
        for i in 0..<rows {
            // Groups of about 40 entries, ranked 1… inside each.
            if i % 40 == 0 {
                group = i / 40 % 2 == 0 ? "Khối xã, phường, thị trấn – cụm \(i / 40 + 1)" : "Khối cơ quan, đoàn thể số \(i / 40 + 1)"
                rank = 0
            }
            rank += 1
            let place = Self.places[Int(rng.next() % UInt64(Self.places.count))]
            let topic = Self.topics[Int(rng.next() % UInt64(Self.topics.count))]
            let entry = "Mô hình “Dân vận khéo” \(topic) tại thôn \(rng.next() % 20 + 1), \(place)"
            let unit = "\(Self.bodies[Int(rng.next() % UInt64(Self.bodies.count))]) \(place)"
            let hundredths = 10_000 - (rank - 1) * 60 - Int(rng.next() % 60)
            let total = Exact(numerator: Int128(hundredths), denominator: 100)!
            let tier = hundredths >= 9000 ? "Xuất sắc" : hundredths >= 8000 ? "Tốt" : "Khá"
            let code = "MH-\(i + 1)"
            let cells = AwardListODS.awardRow(number: i + 1, entry: .init(name: entry, holder: unit), group: group, rank: rank,
                total: total, decimals: 2, tier: tier, code: code)
            row(cells, [String(i + 1), entry, unit, group, String(rank), total.text(decimals: 2, separator: "."), tier, code])
        }
    }
}

/// A CSV field, quoted when it must be.
func csvField(_ s: String) -> String {
    s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
}

@MainActor func awardList() throws {
    let rowCount = Int(option("--rows", "100000"))!
    let pandasRuns = Int(option("--pandas-runs", String(runs)))!
    let dir = URL(fileURLWithPath: option("--data", "data/award-list-\(rowCount)-\(seed)"))
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let clock = ContinuousClock()

    // The rows in memory for ThiĐua, and the same rows as CSV for the peers.
    var start = clock.now
    let csvURL = dir.appendingPathComponent("award-list.csv")
    _ = FileManager.default.createFile(atPath: csvURL.path, contents: nil)
    let csv = try FileHandle(forWritingTo: csvURL)
    let headers = AwardListODS.awardHeaders(subject: .model, group: "Khối thi đua")
    var chunk = headers.map(csvField).joined(separator: ",") + "\n"
    var sheet = Spreadsheet.Sheet(name: "Bằng khen", headers: headers)
    sheet.rows.reserveCapacity(rowCount)
    AwardListRows(rows: rowCount, seed: seed).generate { cells, fields in
        sheet.rows.append(cells)
        chunk += fields.map(csvField).joined(separator: ",") + "\n"
        if chunk.utf8.count > 1 << 20 {
            csv.write(Data(chunk.utf8))
            chunk = ""
        }
    }
    csv.write(Data(chunk.utf8))
    try csv.close()
    let spreadsheet = Spreadsheet(sheets: [sheet], title: "Danh sách khen thưởng (benchmark)")
    let rowsMemory = peakMemoryMiB()
    print(String(format: "generated %d rows × %d columns in %.1f s; CSV for the peers: %@", rowCount, sheet.headers.count,
        seconds(clock.now - start), csvURL.path))

    // ThiĐua: Spreadsheet.write (ODS), and writeFlat (.fods) for reference.
    let ours = dir.appendingPathComponent("thidua.ods")
    var times: [Double] = []
    for _ in 0..<runs {
        start = clock.now
        try spreadsheet.write(to: ours)
        times.append(seconds(clock.now - start))
    }
    let flat = dir.appendingPathComponent("thidua.fods")
    var flatTimes: [Double] = []
    for _ in 0..<runs {
        start = clock.now
        try spreadsheet.writeFlat(to: flat)
        flatTimes.append(seconds(clock.now - start))
    }
    let oursMemory = peakMemoryMiB()

    // The peers, each timing its own writes (reading the CSV is not timed).
    let plainOut = dir.appendingPathComponent("plain-zip.ods")
    let plain = try runPeer("ods_plain_zip.py", [csvURL.path, plainOut.path, "--runs", String(runs)], prefix: "plain-zip write ")
    let pandasOut = dir.appendingPathComponent("pandas.ods")
    let pandas = try runPeer("ods_pandas.py", [csvURL.path, pandasOut.path, "--runs", String(pandasRuns)], prefix: "pandas write ")

    func size(_ url: URL) -> String {
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int) ?? 0
        return String(format: "%.1f MB", Double(bytes) / 1e6)
    }
    func runList(_ t: [Double]) -> String { t.map { String(format: "%.2f", $0) }.joined(separator: ", ") }
    let cpu = try shell("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").output.trimmingCharacters(in: .whitespacesAndNewlines)
    let cores = try shell("nproc").output.trimmingCharacters(in: .whitespacesAndNewlines)
    let versions = try shell("python3 -c 'import sys, pandas, importlib.metadata as m; print(sys.version.split()[0], pandas.__version__, m.version(\"odfpy\"))'")
        .output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    print("machine: \(cpu), \(cores) cores; Python \(versions.first ?? "?"), pandas \(versions.dropFirst().first ?? "?"), odfpy \(versions.last ?? "?")")
    print("\(rowCount) rows × \(sheet.headers.count) columns (5 text, 3 typed numbers); write times, median of \(runs) runs"
        + (pandasRuns != runs ? " (pandas \(pandasRuns))" : ""))
    print(String(format: "thidua Spreadsheet.write (.ods)      %6.2f s  (runs: %@); %@", median(times), runList(times), size(ours)))
    print(String(format: "thidua Spreadsheet.writeFlat (.fods) %6.2f s  (runs: %@); %@", median(flatTimes), runList(flatTimes), size(flat)))
    print(String(format: "%@; %@", plain.line, size(plainOut)))
    print(String(format: "%@; %@", pandas.line, size(pandasOut)))
    print(String(format: "thidua peak memory: %.0f MiB for the whole process, of which the rows in memory %.0f MiB", oursMemory, rowsMemory))

    // Every file reads back with the CSV's rows, cell for cell.
    let check = try shell("python3 '\(benchmarksRoot.appendingPathComponent("peers/ods_rows.py").path)' '\(csvURL.path)' "
        + [ours, flat, plainOut, pandasOut].map { "'\($0.path)'" }.joined(separator: " "))
    print(check.output.trimmingCharacters(in: .whitespacesAndNewlines))
    print(String(format: "ratio (thidua / plain strings + zipfile): %.2f×  (goal: at most 2×)", median(times) / plain.time))
    print(String(format: "ratio (pandas / thidua): %.0f×  (goal: at least 20×)", pandas.time / median(times)))
    if check.status != 0 { exit(1) }
}
