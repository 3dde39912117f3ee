import CLibXML2
import Foundation

/// Validates an XML part against a RelaxNG schema with libxml2 (suits small documents: its
/// time grows steeply with the rows of one table; big files go to jing through `odfcheck`).
public enum RelaxNGValidation {
    /// The problems found, as `line N: message`; empty when the part is valid.
    public static func validate(_ document: [UInt8], schema path: String) throws(ODFFailure) -> [String] {
        guard let parser = xmlRelaxNGNewParserCtxt(path) else { throw .xml("không đọc được lược đồ \(path)") }
        defer { xmlRelaxNGFreeParserCtxt(parser) }
        guard let schema = xmlRelaxNGParse(parser) else { throw .xml("\(path) không phải lược đồ RelaxNG hợp lệ") }
        defer { xmlRelaxNGFree(schema) }
        guard let context = xmlRelaxNGNewValidCtxt(schema) else { throw .xml("không tạo được ngữ cảnh kiểm tra") }
        defer { xmlRelaxNGFreeValidCtxt(context) }
        let collected = Messages()
        let box = Unmanaged.passRetained(collected)
        defer { box.release() }
        xmlRelaxNGSetValidStructuredErrors(context, { userData, error in
            guard let userData, let error else { return }
            let messages = Unmanaged<Messages>.fromOpaque(userData).takeUnretainedValue()
            let text = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            messages.list.append("dòng \(error.pointee.line): \(text)")
        }, box.toOpaque())
        let doc = document.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), "part.xml", "UTF-8", Int32(XML_PARSE_NONET.rawValue))
            }
        }
        guard let doc else { return ["không phải XML đúng cú pháp"] }
        defer { xmlFreeDoc(doc) }
        let code = xmlRelaxNGValidateDoc(context, doc)
        if code != 0 && collected.list.isEmpty { collected.list.append("không hợp lệ (mã \(code))") }
        return collected.list
    }

    private final class Messages {
        var list: [String] = []
    }
}
