import Yams

/// The checks that make a decision one a văn thư can sign as it is: its nơi nhận names articles it
/// has, the signing capacity agrees with the authority (Nghị định 30/2020, Phụ lục I), and no căn
/// cứ cites a document newer than the decision itself.
extension AwardDecisions {
    /// Where the parts a check looks at are written, for the message's line and column.
    struct DecisionNodes {
        var node: Node
        var number: Node?
        var articles: Node?
        var legalBases: [(Node, String)] = []
        var recipients: [(Node, String)] = []
        var signer: Node?
        var capacity: Node?
        var title: Node?
    }

    /// Titles of a head who decides in person (`CHỦ TỊCH ỦY BAN NHÂN DÂN …`), longest first.
    static let headTitles = [
        "TỔNG GIÁM ĐỐC", "TỔNG CỤC TRƯỞNG", "CHÁNH VĂN PHÒNG", "CHÁNH THANH TRA", "TỔNG THANH TRA", "CHỦ TỊCH",
        "GIÁM ĐỐC", "BỘ TRƯỞNG", "CHỦ NHIỆM", "CỤC TRƯỞNG", "VỤ TRƯỞNG", "VIỆN TRƯỞNG", "HIỆU TRƯỞNG", "TRƯỞNG BAN",
        "TRƯỞNG PHÒNG", "THỦ TRƯỞNG", "THỐNG ĐỐC", "TƯ LỆNH",
    ]

    static func check(_ d: AwardDecision, _ nodes: DecisionNodes, _ r: inout YAMLReading) {
        if d.articles.isEmpty {
            r.fail(nodes.articles ?? nodes.node, "quyết định chỉ có Điều 1: cần ít nhất một điều trong 'articles' về hiệu lực "
                + "và trách nhiệm thi hành (ví dụ \"Quyết định này có hiệu lực kể từ ngày ký. … chịu trách nhiệm thi hành Quyết định "
                + "này.\"); gặp " + (nodes.articles == nil ? "không có 'articles'" : "'articles' rỗng"))
        }
        checkRecipients(d, nodes, &r)
        checkNumber(d, nodes, &r)
        switch d.format {
        case .state: checkSigner(d, nodes, &r)
        case .party: checkPartySigner(d, nodes, &r)
        }
        checkLegalBases(d, nodes, &r)
    }

    // MARK: Nơi nhận

    /// Every `Như Điều N` names an article the decision has (Điều 1 and one per `articles` line).
    static func checkRecipients(_ d: AwardDecision, _ nodes: DecisionNodes, _ r: inout YAMLReading) {
        let last = 1 + d.articles.count
        let has = last == 1 ? "chỉ có Điều 1 (không có điều nào trong 'articles')" : "có Điều 1 đến Điều \(last)"
        for (node, line) in nodes.recipients {
            guard line.lowercased().hasPrefix("như") else { continue }
            for match in line.matches(of: #/[Đđ]iều\s+(\d+)/#) {
                guard let n = Int(match.output.1), n > last else { continue }
                r.fail(node, "nơi nhận \"\(line)\" chỉ đến Điều \(n), nhưng quyết định \(has): thêm điều về hiệu lực và "
                    + "trách nhiệm thi hành vào 'articles', hoặc sửa thành \"Như Điều \(last)\"")
            }
        }
    }

    // MARK: Thẩm quyền và quyền hạn ký

    /// `CHỦ TỊCH` for `CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ XÃ PHÚ LÂM`; nil for a collective body.
    static func head(of authority: String) -> String? {
        let a = normalized(authority)
        return headTitles.first { a == $0 || a.hasPrefix($0 + " ") }
    }

    static func normalized(_ text: String) -> String {
        text.uppercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Capacity lines as prefix and what follows: `TM. ỦY BAN NHÂN DÂN` → ("TM.", "ỦY BAN NHÂN DÂN").
    static func capacityLines(_ capacity: String) -> [(prefix: String, rest: String, line: String)] {
        capacity.split(separator: "\n").map { raw in
            let line = normalized(String(raw))
            for prefix in ["TM.", "KT.", "Q.", "TL.", "TUQ."] where line.hasPrefix(prefix) {
                return (prefix, String(line.dropFirst(prefix.count)).trimmingSpaces, line)
            }
            return ("", line, line)
        }
    }

    /// The signing capacity agrees with the authority: no prefix when the head signs a decision
    /// of their own, `KT.` when a deputy signs for them, `Q.` for an acting head; `TM.` for a
    /// collective body (`TM. ỦY BAN NHÂN DÂN`, then `KT. CHỦ TỊCH` when a deputy signs).
    static func checkSigner(_ d: AwardDecision, _ nodes: DecisionNodes, _ r: inout YAMLReading) {
        let authority = normalized(d.authority)
        let title = normalized(d.signer.title)
        let lines = d.signer.capacity.map(capacityLines) ?? []
        let at = nodes.capacity ?? nodes.signer
        let shownCapacity = d.signer.capacity.map { "\"\($0)\"" } ?? "không có 'capacity'"
        if let party = lines.first(where: { line in Self.partyPrefixes.contains { line.line.hasPrefix($0) } }) {
            r.fail(at, "\"\(party.line)\" là cách ghi quyền hạn ký của văn bản Đảng (Hướng dẫn 36-HD/VPTW); văn bản nhà nước "
                + "(Nghị định 30/2020/NĐ-CP) ghi \"TM.\", \"KT.\", \"Q.\", \"TL.\"; hoặc thêm 'format: dang' nếu đây là quyết định của "
                + "tổ chức đảng")
            return
        }
        if let head = head(of: d.authority) {
            let whose = "thẩm quyền là \"\(d.authority)\" (quyết định của \(head))"
            if let tm = lines.first(where: { $0.prefix == "TM." }) {
                r.fail(at, "\(whose): \(head) ký quyết định của chính mình, không ký \"TM.\" (thay mặt một tập thể); "
                    + "cần bỏ 'capacity' khi \(head) ký, hoặc \"KT. \(head)\" khi cấp phó ký thay, gặp \"\(tm.line)\"")
                return
            }
            guard let first = lines.first else {
                if title != head && title != "Q. \(head)" {
                    r.fail(nodes.title ?? nodes.signer, "\(whose): người ký là \"\(d.signer.title)\", không phải \(head), "
                        + "nên cần 'capacity: KT. \(head)' (cấp phó ký thay) hoặc 'title: Q. \(head)' (cấp phó được giao quyền); "
                        + "gặp không có 'capacity'")
                }
                return
            }
            guard lines.count == 1, ["KT.", "Q.", "TL.", "TUQ."].contains(first.prefix), first.rest == head else {
                r.fail(at, "\(whose): 'capacity' cần là \"KT. \(head)\" (cấp phó ký thay), \"Q. \(head)\" (quyền), "
                    + "\"TL. \(head)\" hoặc \"TUQ. \(head)\", hoặc bỏ trống khi \(head) ký; gặp \(shownCapacity)")
                return
            }
            if first.prefix == "KT." && title == head {
                r.fail(nodes.title ?? at, "\(whose): \"KT. \(head)\" là cấp phó ký thay, nên 'title' là chức vụ của cấp phó "
                    + "(ví dụ PHÓ \(head)); khi \(head) ký thì bỏ 'capacity'; gặp 'title' \"\(d.signer.title)\"")
            }
            return
        }
        // A collective body decides: its head, or a deputy for them, signs on its behalf.
        let body = authority.hasPrefix("ỦY BAN NHÂN DÂN") ? "ỦY BAN NHÂN DÂN" : authority
        let whose = "thẩm quyền là \"\(d.authority)\", một tập thể"
        guard let first = lines.first, first.prefix == "TM." else {
            r.fail(at, "\(whose): người ký thay mặt tập thể, 'capacity' cần bắt đầu bằng \"TM. \(body)\"; gặp \(shownCapacity)")
            return
        }
        if first.rest.isEmpty || !authority.hasPrefix(first.rest) {
            r.fail(at, "\(whose): \"\(first.line)\" không phải tập thể ban hành, cần \"TM. \(body)\"; gặp \(shownCapacity)")
        }
        if let other = lines.dropFirst().first(where: { $0.prefix == "TM." || $0.prefix.isEmpty }) {
            r.fail(at, "\(whose): sau \"\(first.line)\" chỉ có thể là \"KT. …\" (cấp phó ký thay) hoặc \"Q. …\"; gặp \"\(other.line)\"")
        }
    }

    // MARK: Căn cứ

    /// No căn cứ cites a document dated after the decision: `ngày D tháng M năm Y`, `D/M/Y`,
    /// `số N/YYYY/…`, or `năm YYYY`.
    static func checkLegalBases(_ d: AwardDecision, _ nodes: DecisionNodes, _ r: inout YAMLReading) {
        let decided = "ngày ban hành quyết định (\(d.date.vietnamese))"
        for (node, line) in nodes.legalBases {
            var rest = line
            var problem: String?
            for match in line.matches(of: #/ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/#.ignoresCase()) {
                if problem == nil, let day = Day(year: Int(match.output.3) ?? 0, month: Int(match.output.2) ?? 0, day: Int(match.output.1) ?? 0),
                    day > d.date
                {
                    problem = "\"\(match.output.0)\" (\(day.vietnamese))"
                }
                rest = rest.replacing(String(match.output.0), with: " ")
            }
            for match in rest.matches(of: #/(\d{1,2})\/(\d{1,2})\/(\d{4})/#) where problem == nil {
                if let day = Day(year: Int(match.output.3) ?? 0, month: Int(match.output.2) ?? 0, day: Int(match.output.1) ?? 0),
                    day > d.date
                {
                    problem = "ngày \(day.vietnamese)"
                }
            }
            for match in rest.matches(of: #/số\s+[^\s/]+\/(\d{4})\/\S*/#.ignoresCase()) where problem == nil {
                if let year = Int(match.output.1), year > d.date.year { problem = "\"\(match.output.0)\" (năm \(year))" }
            }
            for match in rest.matches(of: #/năm\s+(\d{4})/#.ignoresCase()) where problem == nil {
                if let year = Int(match.output.1), year > d.date.year { problem = "\"\(match.output.0)\"" }
            }
            if let problem {
                r.fail(node, "căn cứ viện dẫn văn bản \(problem), sau \(decided): quyết định chỉ căn cứ văn bản "
                    + "đã ban hành trước nó (văn bản đang có hiệu lực vào ngày quyết định); gặp \"\(line)\"")
            }
        }
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
