import CLibXML2
import Foundation

/// Validates an XML document with libxml2 against an XML Schema (XSD: the results' published
/// schema) or a RelaxNG schema (ODF's), collecting every error with its line. RelaxNG with
/// libxml2 suits small documents (its time grows steeply with the rows of one table; big files
/// go to jing through `odfcheck`).
///
/// ```swift
/// let problems = try XMLValidation.validate(bytes, xsd: "Exports/schema/thidua-results.xsd")   // [] when valid
/// ```
public enum XMLValidation {
    /// The problems found, as `dòng N: message`; empty when the document is valid.
    public static func validate(_ document: [UInt8], xsd path: String) throws(ODFFailure) -> [String] {
        guard let parser = xmlSchemaNewParserCtxt(path) else { throw .xml("không đọc được lược đồ \(path)") }
        defer { xmlSchemaFreeParserCtxt(parser) }
        guard let schema = xmlSchemaParse(parser) else { throw .xml("\(path) không phải lược đồ XSD hợp lệ") }
        defer { xmlSchemaFree(schema) }
        guard let context = xmlSchemaNewValidCtxt(schema) else { throw .xml("không tạo được ngữ cảnh kiểm tra") }
        defer { xmlSchemaFreeValidCtxt(context) }
        return check(document) { handler, box, doc in
            xmlSchemaSetValidStructuredErrors(context, handler, box)
            return xmlSchemaValidateDoc(context, doc)
        }
    }

    /// The same against a RelaxNG schema.
    public static func validate(_ document: [UInt8], relaxNG path: String) throws(ODFFailure) -> [String] {
        guard let parser = xmlRelaxNGNewParserCtxt(path) else { throw .xml("không đọc được lược đồ \(path)") }
        defer { xmlRelaxNGFreeParserCtxt(parser) }
        guard let schema = xmlRelaxNGParse(parser) else { throw .xml("\(path) không phải lược đồ RelaxNG hợp lệ") }
        defer { xmlRelaxNGFree(schema) }
        guard let context = xmlRelaxNGNewValidCtxt(schema) else { throw .xml("không tạo được ngữ cảnh kiểm tra") }
        defer { xmlRelaxNGFreeValidCtxt(context) }
        return check(document) { handler, box, doc in
            xmlRelaxNGSetValidStructuredErrors(context, handler, box)
            return xmlRelaxNGValidateDoc(context, doc)
        }
    }

    /// Parses `document` and validates it with `run` (which installs the error handler and
    /// returns libxml2's code): the messages collected, or one saying why there was nothing to check.
    private static func check(
        _ document: [UInt8], _ run: (xmlStructuredErrorFunc, UnsafeMutableRawPointer, xmlDocPtr) -> Int32
    ) -> [String] {
        guard !document.isEmpty else { return ["tài liệu rỗng, không phải XML"] }
        let doc = document.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) {
                xmlReadMemory($0.baseAddress, Int32(clamping: $0.count), "document.xml", "UTF-8", Int32(XML_PARSE_NONET.rawValue))
            }
        }
        guard let doc else { return ["tài liệu không phải XML đúng cú pháp"] }
        defer { xmlFreeDoc(doc) }
        let collected = Messages()
        let box = Unmanaged.passRetained(collected)
        defer { box.release() }
        let code = run({ userData, error in
            guard let userData, let error else { return }
            let messages = Unmanaged<Messages>.fromOpaque(userData).takeUnretainedValue()
            let text = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            messages.list.append("dòng \(error.pointee.line): \(text)")
        }, box.toOpaque(), doc)
        if code != 0 && collected.list.isEmpty { collected.list.append("không hợp lệ (mã \(code))") }
        return collected.list
    }

    private final class Messages {
        var list: [String] = []
    }
}
