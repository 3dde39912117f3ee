import Foundation

/// A format that ThiĐua does not write itself: LibreOffice converts the ODF file to it.
public enum ConvertedFormat: String, Sendable, CaseIterable {
    case docx, xlsx, pdf

    var title: String { rawValue.uppercased() }
}

/// LibreOffice run headless to convert exported ODF files (`soffice --convert-to`), each with a
/// profile and a home of its own in a temporary folder: it works beside a LibreOffice the user
/// has open, beside another conversion, and in CI with no home directory.
///
/// ```swift
/// let office = try LibreOffice.find(for: .docx, spreadsheets: false)
/// let converted = try office.convert(["quyet-dinh-DVK-2024-giay_khen.odt"], to: .docx)
/// // ["quyet-dinh-DVK-2024-giay_khen.docx"], beside the ODT
/// ```
public struct LibreOffice: Sendable {
    /// The `soffice` found.
    public let executable: String

    /// LibreOffice stops quietly after about 247 files in one call: at most this many per call.
    static let batchSize = 100

    public init(executable: String) {
        self.executable = executable
    }

    /// Finds `soffice` in `PATH`; when it is not there, the error names the Debian package that
    /// converts the documents: Writer's for text documents, Calc's for spreadsheets.
    public static func find(for format: ConvertedFormat, spreadsheets: Bool,
        path: String? = ProcessInfo.processInfo.environment["PATH"]) throws -> LibreOffice
    {
        let directories = (path ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        for directory in directories {
            let candidate = (directory as NSString).appendingPathComponent("soffice")
            if FileManager.default.isExecutableFile(atPath: candidate) { return LibreOffice(executable: candidate) }
        }
        let package = Self.package(spreadsheets: spreadsheets)
        throw UserError("Cần LibreOffice để xuất \(format.title) nhưng không tìm thấy lệnh soffice trong PATH "
            + "(\(directories.isEmpty ? "PATH trống" : directories.joined(separator: ":"))). "
            + "Cài gói \(package): sudo apt-get install \(package) (máy chủ không có giao diện: \(package)-nogui); "
            + "hoặc xuất tệp ODF (bỏ --format).")
    }

    /// The Debian package of LibreOffice that opens text documents, or spreadsheets.
    static func package(spreadsheets: Bool) -> String { spreadsheets ? "libreoffice-calc" : "libreoffice-writer" }

    static func isSpreadsheet(_ file: String) -> Bool { [".ods", ".fods"].contains(where: file.lowercased().hasSuffix) }

    /// Converts each file to `format`, written beside it with the same name (`A.odt` → `A.docx`,
    /// replacing an older one); returns the new files' paths in the order of `files`.
    ///
    /// LibreOffice exits 0 even when it could not load a file, so each output is checked: a
    /// missing or empty one, a non-zero exit or a conversion that hangs is an error naming the files.
    public func convert(_ files: [String], to format: ConvertedFormat, timeout: TimeInterval = 300) throws -> [String] {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-soffice-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let outcome = Result { () throws -> [String] in
            var converted: [String] = []
            for batch in Self.batches(files) {
                converted += try convertBatch(batch, to: format, in: work, timeout: timeout)
            }
            return converted
        }
        let cleanup = Result { try FileManager.default.removeItem(at: work) }
        let converted = try outcome.get()
        try cleanup.get()
        return converted
    }

    /// Groups of at most `batchSize` files whose names (without extension) differ, since one
    /// call writes its outputs in one folder.
    static func batches(_ files: [String]) -> [[String]] {
        var batches: [[String]] = []
        var current: [String] = []
        var stems: Set<String> = []
        for file in files {
            let stem = Self.stem(file)
            if current.count == batchSize || stems.contains(stem) {
                batches.append(current)
                current = []
                stems = []
            }
            current.append(file)
            stems.insert(stem)
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    static func stem(_ file: String) -> String { ((file as NSString).lastPathComponent as NSString).deletingPathExtension }

    private func convertBatch(_ files: [String], to format: ConvertedFormat, in work: URL, timeout: TimeInterval) throws -> [String] {
        let call = work.appendingPathComponent(UUID().uuidString)
        let home = call.appendingPathComponent("home"), out = call.appendingPathComponent("out")
        for directory in [home, out] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        let log = call.appendingPathComponent("soffice.log")
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw UserError("\(log.path): không tạo được tệp ghi lại thông báo của LibreOffice")
        }
        let logHandle = try FileHandle(forWritingTo: log)
        defer { logHandle.closeFile() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "-env:UserInstallation=" + call.appendingPathComponent("profile").absoluteURL.absoluteString,
            "--headless", "--norestore", "--nologo", "--nolockcheck",
            "--convert-to", format.rawValue, "--outdir", out.path,
        ] + files.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.path
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = logHandle
        process.standardError = logHandle
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        let names = files.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
        do {
            try process.run()
        } catch {
            throw UserError("Không chạy được LibreOffice (\(executable)) để chuyển \(names) sang \(format.title): \(error.localizedDescription)")
        }
        let allowed = timeout + 2 * Double(files.count)
        if finished.wait(timeout: .now() + allowed) == .timedOut {
            process.terminate()
            finished.wait()
            throw UserError("LibreOffice (\(executable)) chưa chuyển xong \(names) sang \(format.title) sau \(Int(allowed)) giây; đã dừng nó.")
        }
        let said = try Self.lastLines(of: log)
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let how = process.terminationReason == .exit ? "mã thoát \(process.terminationStatus)" : "tín hiệu \(process.terminationStatus)"
            throw UserError("LibreOffice (\(executable)) dừng với \(how) khi chuyển \(names) sang \(format.title)"
                + (said.isEmpty ? "" : ": \(said)"))
        }
        var converted: [String] = []
        for file in files {
            let made = out.appendingPathComponent(Self.stem(file) + "." + format.rawValue)
            let size = FileManager.default.fileExists(atPath: made.path)
                ? (try FileManager.default.attributesOfItem(atPath: made.path)[.size] as? NSNumber)?.intValue : nil
            guard let size, size > 0 else {
                throw UserError("LibreOffice không tạo được tệp \(format.title) từ \(file) "
                    + "(soffice kết thúc bình thường nhưng \(size == nil ? "không có" : "trống") tệp \(made.lastPathComponent)"
                    + (said.isEmpty ? "" : "; soffice: \(said)")
                    + "). Kiểm tra tệp mở được trong LibreOffice và gói \(Self.package(spreadsheets: Self.isSpreadsheet(file))) đã được cài.")
            }
            let destination = (file as NSString).deletingPathExtension + "." + format.rawValue
            if FileManager.default.fileExists(atPath: destination) { try FileManager.default.removeItem(atPath: destination) }
            try FileManager.default.moveItem(atPath: made.path, toPath: destination)
            converted.append(destination)
        }
        return converted
    }

    /// What soffice printed, its last three lines joined, for a message.
    static func lastLines(of log: URL) throws -> String {
        let text = String(decoding: try Data(contentsOf: log), as: UTF8.self)
        return text.split(separator: "\n").suffix(3).joined(separator: " / ")
    }
}
