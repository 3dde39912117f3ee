import Foundation
import ThiDuaCore
import ThiDuaODF

/// The award list and the standings as one ODS, to print and hand out as they are: a sheet per
/// award form (who receives it, group by group, in rank order) under the list's title, the
/// campaign and the decision that confers it, and a sheet per ranking group (every entry's rank,
/// total, tier and award). Entries, units and blocs by their names; their codes only in the last
/// column ("Mã mô hình"), for matching. Ranks and totals are typed numbers.
public enum AwardListODS {
    /// What the list shows for codes: each entry's name and who holds it, each ranking group's
    /// name, and the columns' headers that go with the campaign's subject and grouping.
    public struct Names: Sendable {
        public struct Entry: Sendable, Hashable {
            /// The model's name, or the unit's.
            public var name: String
            /// For a model, the collective (its unit) or the person, with their position and unit; nil for a unit.
            public var holder: String?

            public init(name: String, holder: String?) {
                self.name = name
                self.holder = holder
            }
        }

        public var subject: CriteriaSet.Subject
        public var entries: [String: Entry]
        /// By the ranking group's label (`KHOI-XP`): `Khối thi đua các phường, xã`.
        public var groups: [String: String]
        /// `Khối thi đua` when the set ranks by bloc, `Lĩnh vực` by field, else `Nhóm xếp hạng`.
        public var groupHeader: String

        public init(subject: CriteriaSet.Subject, entries: [String: Entry], groups: [String: String], groupHeader: String) {
            self.subject = subject
            self.entries = entries
            self.groups = groups
            self.groupHeader = groupHeader
        }

        /// The names from the campaign's records: its models, the units, the blocs of its year.
        public init(set: CriteriaSet, year: Int, models: [Model], units: [ThiDuaCore.Unit], blocs: [Bloc], ranking: Ranking) {
            let unitNames = Dictionary(units.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            func unit(_ code: String) -> String { unitNames[code] ?? code }
            var entries: [String: Entry] = [:]
            if set.subject == .model {
                for m in models {
                    let holder: String
                    switch m.holder {
                    case .collective: holder = unit(m.unit)
                    case .individual(let name, let position): holder = ([name, position, unit(m.unit)].filter { !$0.isEmpty }).joined(separator: ", ")
                    }
                    entries[m.code] = Entry(name: m.name, holder: holder)
                }
            } else {
                for u in units { entries[u.code] = Entry(name: u.name, holder: nil) }
            }
            let blocNames = Dictionary(blocs.filter { $0.year == year }.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            let groupBy = set.ranking?.groupBy ?? [.bloc]
            var groups: [String: String] = [:]
            for group in ranking.groups {
                groups[group.label] = zip(groupBy, group.key).map { key, value in
                    key == .bloc ? (value == "—" ? "Không thuộc khối thi đua" : blocNames[value] ?? value) : value
                }.joined(separator: " · ")
            }
            self.init(subject: set.subject, entries: entries, groups: groups,
                groupHeader: groupBy == [.bloc] ? "Khối thi đua" : groupBy == [.field] ? "Lĩnh vực" : "Nhóm xếp hạng")
        }

        func entry(_ code: String) -> Entry { entries[code] ?? Entry(name: code, holder: subject == .model ? "" : nil) }
        func group(_ label: String) -> String { groups[label] ?? label }
    }

    public static func spreadsheet(
        ranking: Ranking, awards: AwardList, standings: [Standing], campaign: Campaign, decimals: Int, names: Names,
        decisions: AwardDecisions?
    ) -> Spreadsheet {
        func total(_ x: Exact) -> Spreadsheet.Cell { number(x, decimals: decimals) }
        // Each entry's tier title, looked up once per awardee (award lists can be national).
        let tierTitles = Dictionary(standings.map { ($0.entry, $0.tierTitle) }, uniquingKeysWith: { first, _ in first })
        var used: Set<String> = []
        func sheetName(_ wanted: String) -> String {
            // Sheet names must be unique and may not hold []*?:/\ in LibreOffice.
            let cleaned = String(wanted.map { "[]*?:/\\'".contains($0) ? "-" : $0 })
            var name = String(cleaned.prefix(31)).trimmingCharacters(in: CharacterSet(charactersIn: " ,;–-·"))
            var n = 2
            while used.contains(name) { name = String(cleaned.prefix(27)).trimmingCharacters(in: .whitespaces) + " (\(n))"; n += 1 }
            used.insert(name)
            return name
        }
        let model = names.subject == .model
        var sheets: [Spreadsheet.Sheet] = []
        for form in awards.forms {
            let decision = decisions?.decision(for: form.id)
            var sheet = Spreadsheet.Sheet(name: sheetName(form.title), headers: awardHeaders(subject: names.subject, group: names.groupHeader),
                titles: [
                    .init("DANH SÁCH ĐƯỢC TẶNG \(form.title.uppercased()) CỦA \(form.authority.uppercased())", .heading),
                    .init(campaign.title, .bold),
                    decision.map { .init("(Kèm theo Quyết định số \($0.number) ngày \($0.date.vietnamese) của \(form.authority))", .italic) }
                        ?? .init("(Danh sách theo kết quả xếp hạng, chưa có quyết định khen thưởng)", .italic),
                ])
            // Groups in Vietnamese dictionary order of their names, then by rank, then by name.
            let groups = form.groups.map { (names.group($0.group), $0) }.sorted { VietnameseOrder.precedes($0.0, $1.0) }
            for (groupName, group) in groups {
                let awarded = group.awarded.map { ($0, names.entry($0.entry)) }.sorted {
                    $0.0.rank < $1.0.rank || ($0.0.rank == $1.0.rank && VietnameseOrder.precedes($0.1.name, $1.1.name))
                }
                for (a, entry) in awarded {
                    sheet.rows.append(awardRow(number: sheet.rows.count + 1, entry: entry, group: groupName, rank: a.rank, total: a.total,
                        decimals: decimals, tier: (tierTitles[a.entry] ?? nil) ?? a.tier ?? "", code: a.entry))
                }
            }
            sheets.append(sheet)
        }
        for group in ranking.groups {
            let groupName = names.group(group.label)
            var sheet = Spreadsheet.Sheet(name: sheetName(groupName),
                headers: ["Hạng", model ? "Tên mô hình" : "Tên đơn vị"] + (model ? ["Tập thể, cá nhân"] : [])
                    + ["Tổng điểm", "Xếp loại", "Khen thưởng", "Ghi chú", model ? "Mã mô hình" : "Mã đơn vị"],
                titles: [.init("KẾT QUẢ XẾP HẠNG", .heading), .init(campaign.title, .bold), .init("\(names.groupHeader): \(groupName)")])
            func named(_ code: String) -> [Spreadsheet.Cell] {
                let entry = names.entry(code)
                return [.text(entry.name)] + (model ? [.text(entry.holder ?? "")] : [])
            }
            for s in standings where s.group == group.label {
                sheet.rows.append([.number(String(s.rank), shown: String(s.rank))] + named(s.entry)
                    + [total(s.total), .text(s.tierTitle ?? ""), .text(s.awards.joined(separator: ", ")), .empty, .text(s.entry)])
            }
            for a in group.apart {
                sheet.rows.append([.empty] + named(a.entry) + [.empty, .empty, .empty, .text(a.reason), .text(a.entry)])
            }
            sheets.append(sheet)
        }
        return Spreadsheet(sheets: sheets, title: "\(campaign.title) — danh sách khen thưởng và xếp hạng")
    }

    /// The columns of an award form's sheet: the number, the entry's name (and for a model who
    /// holds it), its group, rank, total and tier, and its code.
    public static func awardHeaders(subject: CriteriaSet.Subject, group: String) -> [String] {
        subject == .model
            ? ["STT", "Tên mô hình", "Tập thể, cá nhân", group, "Hạng", "Tổng điểm", "Xếp loại", "Mã mô hình"]
            : ["STT", "Tên đơn vị", group, "Hạng", "Tổng điểm", "Xếp loại", "Mã đơn vị"]
    }

    /// One awardee's row on an award form's sheet: number, rank and total typed as numbers; the
    /// holder's column only for a model (`entry.holder` not nil).
    public static func awardRow(
        number n: Int, entry: Names.Entry, group: String, rank: Int, total: Exact, decimals: Int, tier: String, code: String
    ) -> [Spreadsheet.Cell] {
        [.number(String(n), shown: String(n)), .text(entry.name)] + (entry.holder.map { [.text($0)] } ?? [])
            + [.text(group), .number(String(rank), shown: String(rank)), number(total, decimals: decimals), .text(tier), .text(code)]
    }

    /// A number cell: the value with a point for ODF, shown with the Vietnamese comma.
    static func number(_ x: Exact, decimals: Int) -> Spreadsheet.Cell {
        .number(x.text(decimals: decimals, separator: "."), shown: x.text(decimals: decimals))
    }
}
