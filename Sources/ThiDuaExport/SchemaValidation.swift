import Foundation
import CLibXML2

/// Validates XML against an XML Schema (XSD) with libxml2, collecting every error with its line.
public enum SchemaValidation {
    /// The problems found, as `line N: message`; empty when the document is valid.
    public static func validate(_ document: [UInt8], schema path: String) throws(ExportFailure) -> [String] {
        guard let parser = xmlSchemaNewParserCtxt(path) else { throw .schema("không đọc được \(path)") }
        defer { xmlSchemaFreeParserCtxt(parser) }
        guard let schema = xmlSchemaParse(parser) else { throw .schema("\(path) không phải lược đồ XSD hợp lệ") }
        defer { xmlSchemaFree(schema) }
        guard let context = xmlSchemaNewValidCtxt(schema) else { throw .schema("không tạo được ngữ cảnh kiểm tra") }
        defer { xmlSchemaFreeValidCtxt(context) }

        let collected = Collected()
        let box = Unmanaged.passRetained(collected)
        defer { box.release() }
        xmlSchemaSetValidStructuredErrors(context, { userData, error in
            guard let userData, let error else { return }
            let collected = Unmanaged<Collected>.fromOpaque(userData).takeUnretainedValue()
            let message = error.pointee.message.map { String(cString: $0) }?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            collected.messages.append("dòng \(error.pointee.line): \(message)")
        }, box.toOpaque())

        let doc = document.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), "document.xml", "UTF-8", Int32(XML_PARSE_NONET.rawValue))
            }
        }
        guard let doc else { return ["tài liệu không phải XML đúng cú pháp"] }
        defer { xmlFreeDoc(doc) }
        let code = xmlSchemaValidateDoc(context, doc)
        if code != 0 && collected.messages.isEmpty { collected.messages.append("không hợp lệ (mã \(code))") }
        return collected.messages
    }

    private final class Collected {
        var messages: [String] = []
    }
}
