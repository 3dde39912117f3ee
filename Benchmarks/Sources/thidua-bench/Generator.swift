import Foundation

/// SplitMix64: a small, fast, seeded generator, so the same seed gives the same data everywhere.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The size of a synthetic dataset.
struct Scale {
    var units: Int
    var blocs: Int
    var models: Int
    var jurors: Int
    var criteria: Int
    /// Share of score rows that get a later correction (with a reason), in per mille.
    var correctionsPerMille = 10
    /// Share of score rows with a Vietnamese comment, in per mille.
    var commentsPerMille = 100

    /// Jurors × models × criteria first scores, plus corrections.
    var scoreRows: Int { jurors * models * criteria * (1000 + correctionsPerMille) / 1000 }

    /// A scale whose score file has about `rows` rows.
    static func forScores(_ rows: Int) -> Scale {
        let jurors = 50
        let criteria = 5
        let models = max(1, rows * 1000 / (jurors * criteria * 1010))
        return Scale(units: max(10, models / 20), blocs: max(2, models / 400), models: models, jurors: jurors, criteria: criteria)
    }
}

/// Writes a complete synthetic dataset (units, blocs, campaign, models, jurors, assignments, scores)
/// as CSV files in the formats `thidua import` reads.
struct Generator {
    var scale: Scale
    var seed: UInt64
    static let campaign = "BENCH-2024"

    private static let givenNames = ["An", "Bình", "Cường", "Dung", "Đức", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan", "Long", "Minh", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Vinh"]
    private static let familyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
    private static let comments = ["Cách làm sáng tạo, phù hợp", "Cần bổ sung số liệu minh chứng", "Hiệu quả rõ, người dân đồng tình", "Khả năng nhân rộng cao", "Hồ sơ chưa đầy đủ"]
    private static let fields = ["economy", "culture_society", "defence_security", "political_system"]

    func write(to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var random = SplitMix64(seed: seed)
        func file(_ name: String, _ header: String, _ rows: (inout String) -> Void) throws {
            var text = header + "\n"
            rows(&text)
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let unitCode = { (i: Int) in "DV\(String(format: "%05d", i))" }
        let modelCode = { (i: Int) in "MH\(String(format: "%06d", i))" }
        let jurorCode = { (i: Int) in "GK\(String(format: "%03d", i))" }
        try file("units.csv", "code,name,kind,parent") { out in
            out += "ROOT,Thị xã Tổng hợp,locality,\n"
            for i in 0..<scale.units {
                let ward = i % 3 == 0
                out += "\(unitCode(i)),\(ward ? "UBND phường" : "Phòng") Số \(i),\(ward ? "ward" : "agency"),ROOT\n"
            }
        }
        try file("blocs.csv", "code,year,name,leader,members") { out in
            for b in 0..<scale.blocs {
                let members = stride(from: b, to: scale.units, by: scale.blocs).map(unitCode)
                guard let leader = members.first else { continue }
                out += "KHOI\(b),2024,Khối thi đua số \(b + 1),\(leader),\(members.joined(separator: " "))\n"
            }
        }
        try file("campaigns.csv", "code,year,title,criteria_set,registration_deadline,report_deadline,scoring_deadline,state") { out in
            out += "\(Self.campaign),2024,Phong trào thi đua tổng hợp,dvk-mo-hinh,31/03/2024,25/11/2024,15/12/2024,scoring\n"
        }
        try file("models.csv", "campaign,code,unit,kind,person_name,person_position,field,name,registered_on,metrics.ho_tham_gia,metrics.tong_so_ho,facts.ky_luat") { out in
            for m in 0..<scale.models {
                let total = Int.random(in: 100...2000, using: &random)
                let part = Int.random(in: 10...total, using: &random)
                let day = Int.random(in: 1...28, using: &random)
                out += "\(Self.campaign),\(modelCode(m)),\(unitCode(m % scale.units)),collective,,,\(Self.fields[m % 4]),Mô hình dân vận khéo số \(m),"
                out += "2024-02-\(day < 10 ? "0" : "")\(day),\(part),\(total),\(Int.random(in: 0..<50, using: &random) == 0)\n"
            }
        }
        try file("jurors.csv", "campaign,code,name,title,unit") { out in
            for j in 0..<scale.jurors {
                let name = "\(Self.familyNames[j % Self.familyNames.count]) Văn \(Self.givenNames[j % Self.givenNames.count])"
                out += "\(Self.campaign),\(jurorCode(j)),\(name),Thành viên Hội đồng,\(unitCode(j % scale.units))\n"
            }
        }
        try file("assignments.csv", "campaign,juror,entry") { out in
            for j in 0..<scale.jurors {
                for m in 0..<scale.models { out += "\(Self.campaign),\(jurorCode(j)),\(modelCode(m))\n" }
            }
        }
        // Scores: every juror, every model, every criterion, at increasing times; then corrections.
        let handle = try FileHandle(forWritingTo: {
            let url = directory.appendingPathComponent("scores.csv")
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            return url
        }())
        defer { try? handle.close() }
        var buffer = "campaign,juror,entry,criterion,points,comment,scored_at,correction_reason\n"
        var corrections: [String] = []
        for j in 0..<scale.jurors {
            var minute = 0
            for m in 0..<scale.models {
                for c in 0..<scale.criteria {
                    let points = Int.random(in: 0...40, using: &random)
                    let time = "2024-12-10 \(String(format: "%02d:%02d", 7 + minute / 60 % 12, minute % 60)):\(String(format: "%02d", (m + c) % 60))"
                    let comment = Int.random(in: 0..<1000, using: &random) < scale.commentsPerMille
                        ? "\"" + Self.comments[Int.random(in: 0..<Self.comments.count, using: &random)] + "\"" : ""
                    let value = "\(points / 2)\(points % 2 == 1 ? ".5" : "")"
                    buffer += "\(Self.campaign),\(jurorCode(j)),\(modelCode(m)),C\(c + 1),\(value),\(comment),\(time),\n"
                    if Int.random(in: 0..<1000, using: &random) < scale.correctionsPerMille {
                        corrections.append("\(Self.campaign),\(jurorCode(j)),\(modelCode(m)),C\(c + 1),\(Int.random(in: 0...20, using: &random)),,2024-12-11 09:00:00,Nhập nhầm điểm\n")
                    }
                }
                minute += 1
                if buffer.utf8.count > 1 << 20 {
                    handle.write(Data(buffer.utf8))
                    buffer = ""
                }
            }
        }
        buffer += corrections.joined()
        handle.write(Data(buffer.utf8))
    }
}
