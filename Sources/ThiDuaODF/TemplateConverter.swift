/// Converts a template's tree to a ``CompiledTemplate``'s nodes: a placeholder becomes a field
/// or a list's item, and the table row or paragraph that repeats for each item of a list is
/// marked. One converter per part of the template.
struct TemplateConverter {
    typealias Node = CompiledTemplate.Node
    typealias Element = CompiledTemplate.Element

    let schema: TemplateSchema
    let file: String
    /// The part converted, named in messages ("các kiểu"); nil for the body, the one part
    /// where a list's placeholders may stand.
    let part: String?

    /// A list's placeholder met below an element, with its line.
    private struct ListUse {
        var list: String
        var line: Int
    }

    func convert(_ node: TNode) throws(TemplateFailure) -> Node {
        var lists: [ListUse] = []
        return try convert(node, inRow: false, lists: &lists)
    }

    /// A part that is one element (the styles, the master pages).
    func element(_ e: TElement) throws(TemplateFailure) -> Element {
        var lists: [ListUse] = []
        return try element(e, inRow: false, lists: &lists)
    }

    private func convert(_ node: TNode, inRow: Bool, lists: inout [ListUse]) throws(TemplateFailure) -> Node {
        switch node {
        case .text(let t):
            return .text(t)
        case .element(let e):
            if let name = e.placeholder { return try placeholder(name, line: e.line, lists: &lists) }
            return .element(try element(e, inRow: inRow, lists: &lists))
        }
    }

    private func placeholder(_ name: String, line: Int, lists: inout [ListUse]) throws(TemplateFailure) -> Node {
        // ``CompiledTemplate/check(_:against:)`` has refused a name the schema does not know.
        guard let resolved = CompiledTemplate.resolve(name, schema) else {
            throw TemplateFailure(file: file, line: line, message: "chỗ giữ chỗ <\(name)> không có trong văn bản này")
        }
        if case .item(let list, _) = resolved {
            if let part {
                throw TemplateFailure(file: file, line: line,
                    message: "chỗ giữ chỗ <\(name)> của danh sách '\(list)' chỉ dùng được trong phần thân văn bản, không trong \(part)")
            }
            lists.append(ListUse(list: list, line: line))
        }
        return resolved
    }

    private func element(_ e: TElement, inRow: Bool, lists: inout [ListUse]) throws(TemplateFailure) -> Element {
        var inner: [ListUse] = []
        var children: [Node] = []
        children.reserveCapacity(e.children.count)
        let isRow = e.name == "table:table-row"
        for child in e.children {
            children.append(try convert(child, inRow: isRow || inRow, lists: &inner))
        }
        let repeats = try repeatedList(e, inner: inner, inRow: inRow)
        // The lists below an element that repeats are its own; the others reach its parent.
        if repeats == nil { lists.append(contentsOf: inner) }
        return Element(name: e.name, attributes: e.attributes, children: children, repeats: repeats,
            pageDependent: e.attributes.contains { CompiledTemplate.perPage.contains($0.0) })
    }

    /// The list `e` repeats for, if it is the unit that repeats: for a list of lines its
    /// paragraph; for a list of items with fields the table row, or outside a table the paragraph.
    private func repeatedList(_ e: TElement, inner: [ListUse], inRow: Bool) throws(TemplateFailure) -> String? {
        let isRow = e.name == "table:table-row"
        let isParagraph = e.name == "text:p" || e.name == "text:h"
        let isLines = { (use: ListUse) in schema.lists[use.list] == [""] }
        if isParagraph && !inner.isEmpty && inRow {
            let lines = inner.filter(isLines)
            if lines.count < inner.count && !lines.isEmpty {
                throw TemplateFailure(file: file, line: lines[0].line,
                    message: "đoạn này có cả dòng của danh sách '\(lines[0].list)' và trường của một danh sách khác; tách thành hai đoạn")
            }
        }
        let isUnit = isRow || (isParagraph && (!inRow || inner.contains(where: isLines)))
        guard isUnit, let first = inner.first?.list else { return nil }
        if let other = inner.first(where: { $0.list != first }) {
            throw TemplateFailure(file: file, line: other.line,
                message: "một dòng bảng hay một đoạn chỉ lặp theo một danh sách, ở đây có cả '\(first)' và '\(other.list)'")
        }
        return first
    }
}
