import Foundation

extension DiffCampaign {
    /// The criteria set as YAML, in the documented language, with `id` = `criteriaSetId`.
    var yaml: String {
        let s = set
        var y = ["id: diff-set", "version: \"1\"", "title: Bộ tiêu chí sinh ngẫu nhiên", "applies_to: model"]
        if let d = s.decimals { y.append("decimals: \(d)") }
        if let r = s.round { y.append("round: [\(r.joined(separator: ", "))]") }
        if s.declaresInputs {
            y.append("inputs:")
            y.append("  metrics: [\(s.metrics.joined(separator: ", "))]")
            y.append("  facts: {\(s.facts.map { "\($0): \(s.textFacts.contains($0) ? "text" : "bool")" }.joined(separator: ", "))}")
        }
        var jury = ["aggregate: \(s.jury.aggregate)"]
        if let t = s.jury.trim { jury.append("trim: \(t)") }
        if let m = s.jury.minJurors { jury.append("min_jurors: \(m)") }
        if let c = s.jury.conflicts { jury.append("conflicts: \(c)") }
        if s.jury.zscore { jury.append("normalize: zscore") }
        if let by = s.jury.normalizeBy { jury.append("normalize_by: [\(by.joined(separator: ", "))]") }
        y.append("jury: { \(jury.joined(separator: ", ")) }")
        y.append("groups:")
        for g in s.groups {
            y.append("  - id: \(g.id)")
            y.append("    title: Nhóm \(g.id)")
            if let cap = g.cap { y.append("    cap: \(cap)") }
            y.append("    criteria:")
            for c in g.criteria {
                y.append("      - id: \(c.id)")
                y.append("        title: Tiêu chí \(c.id)")
                y.append("        max: \(c.max)")
                switch c.source {
                case .jury(let step):
                    y.append("        source: jury")
                    if let step { y.append("        step: \(step)") }
                case .formula(let e):
                    y.append("        source: formula")
                    y.append("        formula: '\(e.text)'")
                case .check(let when, let points):
                    y.append("        source: check")
                    y.append("        when: '\(when.text)'")
                    if let points { y.append("        points: '\(points.text)'") }
                }
                if let d = c.fallback { y.append("        default: \(d)") }
            }
        }
        func rules(_ key: String, _ list: [RuleSpec]) {
            guard !list.isEmpty else { return }
            y.append("\(key):")
            for r in list {
                y.append("  - id: \(r.id)")
                y.append("    title: Quy tắc \(r.id)")
                if let w = r.when { y.append("    when: '\(w.text)'") }
                y.append("    points: '\(r.points.text)'")
                if let c = r.cap { y.append("    cap: \(c)") }
                if let d = r.fallback { y.append("    default: \(d)") }
            }
        }
        rules("bonus", s.bonus)
        if let c = s.bonusCap { y.append("bonus_cap: \(c)") }
        rules("penalty", s.penalty)
        if let c = s.penaltyCap { y.append("penalty_cap: \(c)") }
        if !s.veto.isEmpty {
            y.append("veto:")
            for v in s.veto {
                y.append("  - id: \(v.id)")
                y.append("    title: Không xét \(v.id)")
                y.append("    when: '\(v.when.text)'")
            }
        }
        if !s.tiers.isEmpty {
            y.append("tiers:")
            for t in s.tiers {
                y.append("  - id: \(t.id)")
                y.append("    title: Mức \(t.id)")
                if let m = t.min { y.append("    min: \(m)") }
                if let r = t.require { y.append("    require: '\(r.text)'") }
            }
        }
        if let r = s.ranking {
            y.append("ranking:")
            if let g = r.groupBy { y.append("  group_by: [\(g.joined(separator: ", "))]") }
            y.append("  tie_break: [\(r.tieBreak.map(\.text).joined(separator: ", "))]")
            y.append("  ties: shared")
        }
        if !s.awards.isEmpty {
            y.append("awards:")
            for a in s.awards {
                y.append("  - id: \(a.id)")
                y.append("    title: Khen thưởng \(a.id)")
                y.append("    authority: UBND thị xã")
                if let p = a.precedence { y.append("    precedence: \(p)") }
                y.append("    eligible: '\(a.eligible.text)'")
                if let p = a.perGroup { y.append("    per_group: \(p)") }
                switch a.quota {
                case .count(let n): y.append("    quota: \(n)")
                case .percent(let p): y.append("    quota: \(p)%")
                case nil: break
                }
                if let q = a.quotaOf { y.append("    quota_of: \(q)") }
                if let r = a.rounding { y.append("    rounding: \(r)") }
                if let c = a.capPerBloc { y.append("    cap_per_bloc: \(c)") }
                if let b = a.atBoundary { y.append("    at_boundary: \(b)") }
                if let o = a.capOrder { y.append("    cap_order: [\(o.map { "\"\($0)\"" }.joined(separator: ", "))]") }
            }
        }
        if let e = s.exclusive { y.append("exclusive: \(e)") }
        return y.joined(separator: "\n") + "\n"
    }

    /// The campaign as the files of the README's "CSV formats" chapter, plus the criteria set:
    /// `thidua import` of the folder, then `thidua score --campaign DIFF-2024 --criteria FOLDER`,
    /// reproduces it.
    var files: [String: String] {
        func csv(_ rows: [[String]]) -> String {
            rows.map { row in
                row.map { cell in
                    cell.contains(",") || cell.contains("\"") ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
                }.joined(separator: ",")
            }.joined(separator: "\n") + "\n"
        }
        let metricNames = set.metrics, factNames = set.facts
        var models = [["campaign", "code", "unit", "kind", "person_name", "person_position", "field", "name", "registered_on"]
            + metricNames.map { "metrics.\($0)" } + factNames.map { "facts.\($0)" }]
        for m in self.models {
            models.append([DiffCampaign.code, m.code, m.unit, m.individual ? "individual" : "collective",
                m.individual ? "Người \(m.code)" : "", m.individual ? "Cán bộ" : "", m.field, "Mô hình \(m.code)",
                String(format: "2024-03-%02d", m.registeredDay)]
                + metricNames.map { m.metrics[$0].map(\.description) ?? "" }
                + factNames.map { m.facts[$0] ?? "" })
        }
        var scores = [["campaign", "juror", "entry", "criterion", "points", "comment", "scored_at", "correction_reason"]]
        for s in self.scores {
            let time = String(format: "2024-12-10 %02d:%02d", 8 + s.minute / 60, s.minute % 60)
            scores.append([DiffCampaign.code, s.juror, s.entry, s.criterion, s.points.description, "", time, s.correction ? "Sửa điểm" : ""])
        }
        var assignments = [["campaign", "juror", "entry"]]
        for pair in Set(self.scores.map { [$0.juror, $0.entry] }).sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            assignments.append([DiffCampaign.code] + pair)
        }
        return [
            "criteria/diff-set.yaml": yaml,
            "units.csv": csv([["code", "name", "kind", "parent"]] + units.map { [$0.code, "Đơn vị \($0.code)", "agency", $0.parent ?? ""] }),
            "blocs.csv": csv([["code", "year", "name", "leader", "members"]]
                + blocs.map { [$0.code, "\(DiffCampaign.year)", "Khối \($0.code)", $0.members[0], $0.members.joined(separator: " ")] }),
            "campaigns.csv": csv([["code", "year", "title", "criteria_set", "registration_deadline", "report_deadline", "scoring_deadline", "state"],
                [DiffCampaign.code, "\(DiffCampaign.year)", "Phong trào sinh ngẫu nhiên", "diff-set", "", "", "", "scoring"]]),
            "models.csv": csv(models),
            "jurors.csv": csv([["campaign", "code", "name", "title", "unit"]]
                + jurors.map { [DiffCampaign.code, $0.code, "Thành viên \($0.code)", "Ủy viên", $0.unit ?? ""] }),
            "assignments.csv": csv(assignments),
            "scores.csv": csv(scores),
            "reproduce.sh": """
                #!/bin/sh
                # Imports this campaign into a new database and scores, ranks and awards it with thidua.
                set -e
                cd "$(dirname "$0")"
                db=${1:-diff.sqlite}
                rm -f "$db"
                for kind in units blocs campaigns models jurors assignments scores; do thidua import $kind $kind.csv --db "$db"; done
                thidua score --campaign \(DiffCampaign.code) --criteria criteria --db "$db"
                thidua standings --campaign \(DiffCampaign.code) --criteria criteria --db "$db"
                thidua awards --campaign \(DiffCampaign.code) --criteria criteria --db "$db"

                """,
        ]
    }

    /// Writes the folder and returns its path.
    func write(to directory: URL) throws -> URL {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("criteria"), withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }
}
