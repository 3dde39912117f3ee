import Foundation
import ThiDuaCore
import ThiDuaODF

/// The award list and the standings as one ODS: a sheet per award form (who receives it, group
/// by group, in rank order) and a sheet per ranking group (every entry's rank, total, tier and
/// award). Totals are typed numbers.
public enum AwardListODS {
    public static func spreadsheet(
        ranking: Ranking, awards: AwardList, standings: [Standing], campaign: Campaign, decimals: Int, entryLabel: String
    ) -> Spreadsheet {
        func total(_ x: Exact) -> Spreadsheet.Cell { number(x, decimals: decimals) }
        // Each entry's tier title, looked up once per awardee (award lists can be national).
        let tierTitles = Dictionary(standings.map { ($0.entry, $0.tierTitle) }, uniquingKeysWith: { first, _ in first })
        var used: Set<String> = []
        func sheetName(_ wanted: String) -> String {
            // Sheet names must be unique and may not hold []*?:/\ in LibreOffice.
            var name = String(wanted.map { "[]*?:/\\".contains($0) ? "-" : $0 }.prefix(31))
            var n = 2
            while used.contains(name) { name = String(wanted.prefix(27)) + " (\(n))"; n += 1 }
            used.insert(name)
            return name
        }
        var sheets: [Spreadsheet.Sheet] = []
        for form in awards.forms {
            var sheet = Spreadsheet.Sheet(name: sheetName(form.title), headers: awardHeaders(entryLabel: entryLabel))
            // Groups in Vietnamese dictionary order, then by rank, then by name.
            for group in form.groups.sorted(by: { VietnameseOrder.precedes($0.group, $1.group) }) {
                for a in group.awarded.sorted(by: { $0.rank < $1.rank || ($0.rank == $1.rank && VietnameseOrder.precedes($0.entry, $1.entry)) }) {
                    sheet.rows.append(awardRow(form: form.title, authority: form.authority, group: group.group, rank: a.rank,
                        entry: a.entry, unit: a.unit, total: a.total, decimals: decimals, tier: (tierTitles[a.entry] ?? nil) ?? a.tier ?? ""))
                }
            }
            sheets.append(sheet)
        }
        for group in ranking.groups {
            var sheet = Spreadsheet.Sheet(name: sheetName(group.label),
                headers: ["Hạng", entryLabel, "Đơn vị", "Tổng điểm", "Xếp loại", "Khen thưởng", "Ghi chú"])
            for s in standings where s.group == group.label {
                sheet.rows.append([.number(String(s.rank), shown: String(s.rank)), .text(s.entry), .text(s.unit), total(s.total),
                    .text(s.tierTitle ?? ""), .text(s.awards.joined(separator: ", ")), .empty])
            }
            for a in group.apart {
                sheet.rows.append([.empty, .text(a.entry), .empty, .empty, .empty, .empty, .text(a.reason)])
            }
            sheets.append(sheet)
        }
        return Spreadsheet(sheets: sheets, title: "\(campaign.code) — danh sách khen thưởng và xếp hạng")
    }

    /// The columns of an award form's sheet.
    public static func awardHeaders(entryLabel: String) -> [String] {
        ["Hình thức", "Cấp khen", "Nhóm", "Hạng", entryLabel, "Đơn vị", "Tổng điểm", "Xếp loại"]
    }

    /// One awardee's row on an award form's sheet: rank and total typed as numbers.
    public static func awardRow(
        form: String, authority: String, group: String, rank: Int, entry: String, unit: String, total: Exact, decimals: Int, tier: String
    ) -> [Spreadsheet.Cell] {
        [.text(form), .text(authority), .text(group), .number(String(rank), shown: String(rank)),
            .text(entry), .text(unit), number(total, decimals: decimals), .text(tier)]
    }

    /// A number cell: the value with a point for ODF, shown with the Vietnamese comma.
    static func number(_ x: Exact, decimals: Int) -> Spreadsheet.Cell {
        .number(x.text(decimals: decimals, separator: "."), shown: x.text(decimals: decimals))
    }
}
