import Yams

/// What libyaml and Yams refuse, said as a ``CriteriaIssue`` at the place in the file.
extension CriteriaSet {
    static func yamlIssue(_ error: any Error, source: String, file: String) -> CriteriaIssue {
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            // A quoted string left open runs to the end of the file: point where it opens.
            if problem == "found unexpected end of stream", let context, context.text.contains("quoted scalar") {
                return CriteriaIssue(file: file, line: context.mark.line, column: context.mark.column,
                    message: "YAML sai cú pháp: chuỗi mở bằng dấu nháy ở đây chưa được đóng (tệp hết mà chưa gặp dấu nháy đóng)")
            }
            return CriteriaIssue(file: file, line: mark.line, column: mark.column,
                message: "YAML sai cú pháp: \(syntaxMessage(problem, context))")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams gives the first use of the key; the mistake is the second one.
            let key = duplicates.first ?? ""
            let first = context.mark
            let others = duplicates.dropFirst().map { "'\($0)'" }
            let also = others.isEmpty ? "" : "; cũng lặp lại: \(others.joined(separator: ", "))"
            if let (line, column) = DuplicateKey.secondUse(of: key, line: first.line, column: first.column, in: source) {
                return CriteriaIssue(file: file, line: line, column: column,
                    message: "khóa '\(key)' viết lần thứ hai trong cùng một bảng (lần đầu ở dòng \(first.line)); mỗi khóa chỉ viết một lần\(also)")
            }
            return CriteriaIssue(file: file, line: first.line, column: first.column,
                message: "khóa '\(key)' viết nhiều lần trong cùng một bảng; mỗi khóa chỉ viết một lần\(also)")
        default:
            return CriteriaIssue(file: file, line: 1, column: 1, message: "không đọc được YAML: \(error)")
        }
    }

    /// libyaml's most common complaints, said in Vietnamese; others as libyaml says them.
    private static func syntaxMessage(_ problem: String, _ context: YamlError.Context?) -> String {
        let opened = context.map { "dòng \($0.mark.line), cột \($0.mark.column)" } ?? "trước đó"
        switch problem {
        case "mapping values are not allowed in this context":
            return "dấu ':' không đúng chỗ; có thể dòng này thụt lề lệch so với các khóa cùng cấp, "
                + "hoặc một chuỗi có ': ' chưa đặt trong dấu nháy"
        case "did not find expected ',' or ']'":
            return "danh sách mở bằng '[' ở \(opened) chưa được đóng bằng ']' (hoặc thiếu ',' giữa hai phần tử)"
        case "did not find expected ',' or '}'":
            return "bảng mở bằng '{' ở \(opened) chưa được đóng bằng '}' (hoặc thiếu ',' giữa hai khóa)"
        case "did not find expected key":
            return "cần một khóa mới thẳng hàng với các khóa của bảng bắt đầu ở \(opened); "
                + "có thể thụt lề sai, hoặc có chữ thừa sau một chuỗi đã đóng dấu nháy"
        case "did not find expected '-' indicator":
            return "thụt lề sai: cần một mục '- ' thẳng hàng với các mục của danh sách bắt đầu ở \(opened)"
        case "block sequence entries are not allowed in this context":
            return "mục danh sách '- ' không đúng chỗ; có thể thụt lề sai"
        case "found character that cannot start any token":
            return "ký tự này không mở đầu được một giá trị YAML (ví dụ '@', '`' hoặc tab); đặt giá trị trong dấu nháy kép"
        case "found a tab character that violates indentation", "found a tab character where an indentation space is expected":
            return "thụt lề bằng tab; YAML chỉ thụt lề bằng dấu cách"
        case "could not find expected ':'":
            return "thiếu ':' sau khóa bắt đầu ở \(opened)"
        default:
            return problem + (context.map { " (\($0.text), dòng \($0.mark.line), cột \($0.mark.column))" } ?? "")
        }
    }
}
