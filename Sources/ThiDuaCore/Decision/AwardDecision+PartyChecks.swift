import Yams

/// The checks of a Party decision (`format: dang`), as Hướng dẫn 36-HD/VPTW (2018) writes it: the
/// number with a hyphen (`127-QĐ/TU`, II.1.3), and the signing capacity (II.1.7): `T/M` for a
/// collective body (cấp uỷ, ban thường vụ, uỷ ban kiểm tra, đảng đoàn…), none when the head of a
/// staff body (Ban Dân vận, Văn phòng…) signs, `K/T` when their deputy does.
extension AwardDecisions {
    /// Party signing prefixes, with the slash the guide writes.
    static let partyPrefixes = ["T/M", "K/T", "T/L", "T/UQ"]

    /// Bodies that decide collectively, as their names begin (upper case, "UỶ" spelling).
    static let partyCollectives = [
        "BAN THƯỜNG VỤ", "BAN CHẤP HÀNH", "THƯỜNG TRỰC", "UỶ BAN KIỂM TRA", "ĐẢNG ĐOÀN", "BAN CÁN SỰ ĐẢNG", "ĐẢNG UỶ",
        "CHI UỶ", "CHI BỘ", "TỈNH UỶ", "THÀNH UỶ", "HUYỆN UỶ", "THỊ UỶ", "QUẬN UỶ", "HỘI ĐỒNG",
    ]

    /// Upper case, single spaces, and "UỶ" for "ỦY" (the Party writes "uỷ"; both are accepted).
    static func partyNormalized(_ text: String) -> String {
        normalized(text).replacing("ỦY", with: "UỶ")
    }

    /// A state number is `N/KÝ HIỆU` (`1520/QĐ-UBND`), a Party one `N-KÝ HIỆU/CƠ QUAN` (`127-QĐ/TU`).
    static func checkNumber(_ d: AwardDecision, _ nodes: DecisionNodes, _ r: inout YAMLReading) {
        let number = d.number.trimmingSpaces
        let party = number.wholeMatch(of: #/\d+-[^\s/-]+\/\S+/#) != nil
        let state = number.wholeMatch(of: #/\d+\/\S+/#) != nil
        switch d.format {
        case .party where !party:
            r.fail(nodes.number ?? nodes.node, "'number' của văn bản Đảng (format: dang) là số, gạch nối, tên loại viết tắt, "
                + "gạch chéo, cơ quan ban hành viết tắt (ví dụ \"127-QĐ/TU\", Hướng dẫn 36-HD/VPTW, mục II.1.3), gặp \"\(d.number)\""
                + (state ? " (cách ghi số của văn bản nhà nước)" : ""))
        case .state where party:
            r.fail(nodes.number ?? nodes.node, "'number' \"\(d.number)\" là cách ghi số của văn bản Đảng (gạch nối sau số); văn bản "
                + "nhà nước ghi số, gạch chéo, ký hiệu (ví dụ \"1520/QĐ-UBND\", Nghị định 30/2020/NĐ-CP), hoặc thêm 'format: dang' "
                + "nếu đây là quyết định của tổ chức đảng")
        default:
            break
        }
    }

    /// The head of a staff body: `TRƯỞNG BAN` for `BAN DÂN VẬN THỊ UỶ …`, `CHÁNH VĂN PHÒNG` for a văn phòng.
    static func partyHead(of authority: String) -> String? {
        if let head = head(of: authority) { return partyNormalized(head) }
        let a = partyNormalized(authority)
        if a.hasPrefix("VĂN PHÒNG ") { return "CHÁNH VĂN PHÒNG" }
        if a.hasPrefix("BAN ") { return "TRƯỞNG BAN" }
        return nil
    }

    static func checkPartySigner(_ d: AwardDecision, _ nodes: DecisionNodes, _ r: inout YAMLReading) {
        let authority = partyNormalized(d.authority)
        let title = partyNormalized(d.signer.title)
        let lines = (d.signer.capacity ?? "").split(separator: "\n").map { partyNormalized(String($0)) }.filter { !$0.isEmpty }
        let at = nodes.capacity ?? nodes.signer
        let shown = d.signer.capacity.map { "\"\($0.replacing("\n", with: "\\n"))\"" } ?? "không có 'capacity'"
        let guide = "(Hướng dẫn 36-HD/VPTW, mục II.1.7)"
        if let state = lines.first(where: { line in ["TM.", "KT.", "TL.", "TUQ."].contains { line.hasPrefix($0) } }) {
            r.fail(at, "văn bản Đảng ghi quyền hạn ký có gạch chéo: \"T/M\", \"K/T\", \"T/L\" \(guide); \"\(state)\" là cách ghi "
                + "của văn bản nhà nước")
            return
        }
        if let body = partyCollectives.first(where: { authority.hasPrefix($0) }) {
            let whose = "thẩm quyền là \"\(d.authority)\", một tập thể lãnh đạo của Đảng"
            guard let first = lines.first, first.hasPrefix("T/M ") else {
                r.fail(at, "\(whose): người ký (bí thư hoặc phó bí thư) ký thay mặt, 'capacity' cần là \"T/M \(body)\" \(guide); gặp \(shown)")
                return
            }
            let rest = String(first.dropFirst(4)).trimmingSpaces
            if rest.isEmpty || !authority.hasPrefix(rest) {
                r.fail(at, "\(whose): \"\(first)\" không phải tập thể ban hành, cần \"T/M \(body)\" \(guide); gặp \(shown)")
            } else if lines.count > 1 {
                r.fail(at, "\(whose): cấp phó cũng ký \"T/M \(rest)\" rồi chức vụ của mình (ví dụ PHÓ BÍ THƯ), không thêm "
                    + "\"\(lines[1])\" \(guide); gặp \(shown)")
            }
            return
        }
        guard let head = partyHead(of: d.authority) else {
            r.fail(nodes.node, "thẩm quyền \"\(d.authority)\" không phải tập thể lãnh đạo của Đảng (ví dụ BAN THƯỜNG VỤ THỊ UỶ …) "
                + "hay cơ quan tham mưu (BAN …, VĂN PHÒNG …) hoặc người đứng đầu (TRƯỞNG BAN …): không biết ai ký")
            return
        }
        let whose = "thẩm quyền là \"\(d.authority)\", cơ quan tham mưu của cấp uỷ (cấp trưởng là \(head))"
        if let first = lines.first {
            guard lines.count == 1, first == "K/T \(head)" || first == "T/L \(head)" else {
                r.fail(at, "\(whose): cấp trưởng ký trực tiếp (không có 'capacity'), cấp phó ký \"K/T \(head)\" \(guide); "
                    + (first.hasPrefix("T/M") ? "\"T/M\" chỉ dùng cho tập thể lãnh đạo; " : "") + "gặp \(shown)")
                return
            }
            if first.hasPrefix("K/T") && title == head {
                r.fail(nodes.title ?? at, "\(whose): \"K/T \(head)\" là cấp phó ký thay, 'title' là chức vụ của cấp phó "
                    + "(ví dụ PHÓ \(head)); gặp 'title' \"\(d.signer.title)\"")
            }
        } else if title != head {
            r.fail(nodes.title ?? nodes.signer, "\(whose): người ký là \"\(d.signer.title)\", không phải \(head), nên cần "
                + "'capacity: K/T \(head)' (cấp phó ký thay) \(guide); gặp không có 'capacity'")
        }
    }
}
