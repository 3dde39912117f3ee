import Foundation
import ThiDuaCore
import ThiDuaStore

/// A generated campaign `WEB-2024` scored by a small criteria set of five jury criteria
/// (`K1`…`K5`, 0…20 in steps of 0.5, mean of the jurors): units in blocs, two models per unit,
/// jurors of a council unit that owns no model, each assigned a run of entries.
struct Synthetic {
    static let campaign = "WEB-2024"
    static let criteria = ["K1", "K2", "K3", "K4", "K5"]

    var units: Int
    var blocs: Int
    var jurors: Int
    var entriesPerJuror: Int
    /// Names of units and models, by index, instead of the generated ones.
    var unitNames: [Int: String] = [:]
    var modelNames: [Int: String] = [:]
    /// The ranking's `group_by`.
    var groupBy = "[bloc]"

    var entries: Int { units * 2 }

    func unitCode(_ u: Int) -> String { String(format: "DV%03d", u + 1) }
    func entryCode(_ e: Int) -> String { String(format: "MH%04d", e + 1) }
    func jurorCode(_ j: Int) -> String { String(format: "TV%03d", j + 1) }
    func blocCode(_ b: Int) -> String { "KHOI-\(b + 1)" }
    /// The unit that owns entry `e`.
    func owner(_ e: Int) -> Int { e / 2 }

    /// Juror `j` scores `entriesPerJuror` consecutive entries from `4·j` on (round the list):
    /// with 50 jurors, 200 entries and 80 each, every entry has 20 jurors.
    func assigned(_ j: Int) -> [Int] {
        (0..<entriesPerJuror).map { (j * 4 + $0) % entries }
    }

    /// The points juror `j` gives entry `e` for criterion `k`: spread over 0…20 in steps of 0.5.
    func points(_ j: Int, _ e: Int, _ k: Int) -> Exact {
        Exact(numerator: Int128((j * 31 + e * 17 + k * 7 + j * e) % 41), denominator: 2)!
    }

    /// The criteria set's YAML.
    var criteriaYAML: String { Self.criteriaYAML.replacingOccurrences(of: "group_by: [bloc]", with: "group_by: \(groupBy)") }

    static let criteriaYAML = """
        # Bộ tiêu chí nhỏ để thử ứng dụng web: năm tiêu chí do hội đồng chấm, lấy trung bình.
        id: thu-nghiem-web
        version: "1"
        title: Bộ tiêu chí thử nghiệm ứng dụng web
        applies_to: model
        decimals: 2
        jury:
          aggregate: mean
          min_jurors: 1
        groups:
          - id: A
            title: Hội đồng chấm
            criteria:
              - { id: K1, title: Tiêu chí một, max: 20, source: jury, step: 0.5 }
              - { id: K2, title: Tiêu chí hai, max: 20, source: jury, step: 0.5 }
              - { id: K3, title: Tiêu chí ba, max: 20, source: jury, step: 0.5 }
              - { id: K4, title: Tiêu chí bốn, max: 20, source: jury, step: 0.5 }
              - { id: K5, title: Tiêu chí năm, max: 20, source: jury, step: 0.5 }
        tiers:
          - { id: tot, title: Tốt, min: 60 }
          - { id: khong_dat, title: Không đạt }
        ranking:
          group_by: [bloc]
          tie_break: [total desc, registered_on asc]
          ties: shared

        """

    /// The CSV files, by kind, in import order (scores not included).
    func csv() -> [(ImportKind, String)] {
        var units = "code,name,kind,parent\nHOI-DONG,Hội đồng chấm thử,agency,\n"
        for u in 0..<self.units {
            units += "\(unitCode(u)),\(quoted(unitNames[u] ?? "Đơn vị thử số \(u + 1)")),agency,\n"
        }
        var blocs = "code,year,name,leader,members\n"
        for b in 0..<self.blocs {
            let members = (0..<self.units).filter { $0 % self.blocs == b }.map(unitCode)
            blocs += "\(blocCode(b)),2024,Khối thử \(b + 1),\(members[0]),\(members.joined(separator: " "))\n"
        }
        let campaigns = """
            code,year,title,criteria_set,registration_deadline,report_deadline,scoring_deadline,state
            \(Self.campaign),2024,Phong trào thử ứng dụng web,thu-nghiem-web,,,15/12/2024,scoring

            """
        var models = "campaign,code,unit,kind,field,name,registered_on\n"
        for e in 0..<entries {
            let day = 1 + e % 28
            models += "\(Self.campaign),\(entryCode(e)),\(unitCode(owner(e))),collective,economy,"
                + "\(quoted(modelNames[e] ?? "Mô hình thử số \(e + 1)")),\(String(format: "%02d", day))/02/2024\n"
        }
        var jurors = "campaign,code,name,title,unit\n"
        for j in 0..<self.jurors {
            jurors += "\(Self.campaign),\(jurorCode(j)),Thành viên \(j + 1),Ủy viên,HOI-DONG\n"
        }
        var assignments = "campaign,juror,entry\n"
        for j in 0..<self.jurors {
            for e in assigned(j) { assignments += "\(Self.campaign),\(jurorCode(j)),\(entryCode(e))\n" }
        }
        return [(.units, units), (.blocs, blocs), (.campaigns, campaigns), (.models, models), (.jurors, jurors), (.assignments, assignments)]
    }

    /// Every score, as `scores.csv`, one juror after the other.
    func scoresCSV() -> String {
        var text = "campaign,juror,entry,criterion,points,comment,scored_at,correction_reason\n"
        for j in 0..<jurors {
            for e in assigned(j) {
                for (k, id) in Self.criteria.enumerated() {
                    text += "\(Self.campaign),\(jurorCode(j)),\(entryCode(e)),\(id),\(points(j, e, k).description),,2024-12-10 08:00,\n"
                }
            }
        }
        return text
    }

    /// A folder holding the criteria set alone.
    func criteriaDirectory() throws -> URL {
        let directory = try temporaryDirectory().appendingPathComponent("Criteria")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(criteriaYAML.utf8).write(to: directory.appendingPathComponent("thu-nghiem-web.yaml"))
        return directory
    }

    /// A fresh store with this campaign (and its scores when `scores` is true), imported from
    /// CSV files written to a temporary folder.
    func store(scores: Bool) throws -> Store {
        let folder = try temporaryDirectory()
        let store = try Store(path: folder.appendingPathComponent("thidua.sqlite").path)
        var files = csv()
        if scores { files.append((.scores, scoresCSV())) }
        for (kind, text) in files {
            let url = folder.appendingPathComponent("\(kind.rawValue).csv")
            try Data(text.utf8).write(to: url)
            _ = try store.importCSV(kind, from: url, name: url.lastPathComponent)
        }
        return store
    }

    private func quoted(_ text: String) -> String {
        text.contains(",") || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
