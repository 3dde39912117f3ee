import Foundation

// The system's zlib, through the project's own system-library target (Sources/CZlibSystem).
import CZlibSystem

/// A file written under a temporary name and renamed into place when complete, so a failure
/// never leaves a half-written file where the user expects the finished one.
final class OutputFile {
    let url: URL
    private let temporary: String
    private var file: UnsafeMutablePointer<FILE>?
    /// Bytes written so far (the current end of the file).
    private(set) var offset: UInt64 = 0

    init(_ url: URL) throws(ODFFailure) {
        self.url = url
        temporary = url.path + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard let file = fopen(temporary, "wb") else {
            throw .package("không tạo được \(url.path): \(String(cString: strerror(errno)))")
        }
        self.file = file
    }

    deinit {
        if let file {
            fclose(file)
            unlink(temporary)
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(ODFFailure) {
        guard let file, let base = bytes.baseAddress, bytes.count > 0 else { return }
        guard fwrite(base, 1, bytes.count, file) == bytes.count else {
            throw .package("không ghi được \(url.path): \(String(cString: strerror(errno)))")
        }
        offset += UInt64(bytes.count)
    }

    func write(_ bytes: [UInt8]) throws(ODFFailure) {
        try bytes.withRawBytes { (buffer) throws(ODFFailure) in try write(buffer) }
    }

    /// Overwrites bytes already written at `position`, then returns to the end.
    func patch(_ bytes: [UInt8], at position: UInt64) throws(ODFFailure) {
        guard let file else { return }
        guard fseeko(file, off_t(position), SEEK_SET) == 0,
            bytes.withUnsafeBytes({ fwrite($0.baseAddress, 1, $0.count, file) }) == bytes.count,
            fseeko(file, 0, SEEK_END) == 0
        else { throw .package("không ghi được \(url.path): \(String(cString: strerror(errno)))") }
    }

    /// Closes the file and moves it to its place, replacing any file there.
    func commit() throws(ODFFailure) {
        guard let file else { return }
        self.file = nil
        guard fclose(file) == 0, rename(temporary, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .package("không ghi được \(url.path): \(reason)")
        }
    }
}

/// Writes a ZIP archive entry by entry, streaming each entry's bytes (deflated with zlib, or
/// stored) straight to the file; sizes and CRC go into the local header afterwards, so no
/// entry is ever held whole in memory. Entries carry a fixed date (1980-01-01 00:00) and no
/// extra fields, so the same entries give the same bytes. No ZIP64: entries and the archive
/// stay under 4 GiB.
final class ZIPWriter {
    private struct Record {
        var name: [UInt8]
        var deflated: Bool
        var crc: UInt32
        var compressedSize: UInt32
        var size: UInt32
        var offset: UInt32
    }

    private let out: OutputFile
    private var records: [Record] = []

    init(_ url: URL) throws(ODFFailure) {
        out = try OutputFile(url)
    }

    /// One entry; `body` hands its bytes, in order, to the entry's `write`.
    func entry(_ name: String, deflated: Bool, _ body: (Entry) throws(ODFFailure) -> Void) throws(ODFFailure) {
        guard out.offset < UInt64(UInt32.max), records.count < Int(UInt16.max) else { throw tooLarge }
        var record = Record(name: Array(name.utf8), deflated: deflated, crc: 0, compressedSize: 0, size: 0, offset: UInt32(out.offset))
        try out.write(localHeader(record))
        let entry = try Entry(out, deflated: deflated)
        try body(entry)
        try entry.finish()
        guard entry.size < UInt64(UInt32.max), entry.compressedSize < UInt64(UInt32.max) else { throw tooLarge }
        record.crc = entry.crc
        record.size = UInt32(entry.size)
        record.compressedSize = UInt32(entry.compressedSize)
        // CRC-32, compressed and uncompressed sizes sit 14 bytes into the local header.
        var sizes: [UInt8] = []
        sizes.le32(record.crc)
        sizes.le32(record.compressedSize)
        sizes.le32(record.size)
        try out.patch(sizes, at: UInt64(record.offset) + 14)
        records.append(record)
    }

    /// Writes the central directory and puts the archive in place.
    func close() throws(ODFFailure) {
        let start = out.offset
        var directory: [UInt8] = []
        for r in records {
            directory.le32(0x0201_4b50)
            directory.le16(0x0314)  // made by: UNIX, ZIP 2.0
            directory.le16(20)  // needed: 2.0
            directory.le16(0)  // flags
            directory.le16(r.deflated ? 8 : 0)
            directory.le16(0)  // time 00:00
            directory.le16(0x21)  // date 1980-01-01
            directory.le32(r.crc)
            directory.le32(r.compressedSize)
            directory.le32(r.size)
            directory.le16(UInt16(r.name.count))
            directory.le16(0)  // extra
            directory.le16(0)  // comment
            directory.le16(0)  // disk
            directory.le16(0)  // internal attributes
            directory.le32(0o100644 << 16)  // a regular file, rw-r--r--
            directory.le32(r.offset)
            directory.append(contentsOf: r.name)
        }
        guard start + UInt64(directory.count) < UInt64(UInt32.max) else { throw tooLarge }
        let size = UInt32(directory.count)
        directory.le32(0x0605_4b50)
        directory.le16(0)  // this disk
        directory.le16(0)  // the directory's disk
        directory.le16(UInt16(records.count))
        directory.le16(UInt16(records.count))
        directory.le32(size)
        directory.le32(UInt32(start))
        directory.le16(0)  // comment
        try out.write(directory)
        try out.commit()
    }

    private var tooLarge: ODFFailure { .package("\(out.url.path): quá 4 GiB, vượt giới hạn của ZIP không có ZIP64") }

    private func localHeader(_ r: Record) -> [UInt8] {
        var h: [UInt8] = []
        h.le32(0x0403_4b50)
        h.le16(20)
        h.le16(0)
        h.le16(r.deflated ? 8 : 0)
        h.le16(0)
        h.le16(0x21)
        h.le32(0)  // CRC-32, patched
        h.le32(0)  // compressed size, patched
        h.le32(0)  // size, patched
        h.le16(UInt16(r.name.count))
        h.le16(0)
        h.append(contentsOf: r.name)
        return h
    }

    /// The bytes of one entry on their way to the file.
    final class Entry {
        private let out: OutputFile
        private let stream: UnsafeMutablePointer<z_stream>?
        private var output: [UInt8]
        private(set) var crc: UInt32 = 0
        private(set) var size: UInt64 = 0
        private(set) var compressedSize: UInt64 = 0

        fileprivate init(_ out: OutputFile, deflated: Bool) throws(ODFFailure) {
            self.out = out
            output = deflated ? [UInt8](repeating: 0, count: 1 << 16) : []
            guard deflated else {
                stream = nil
                return
            }
            // z_stream must not move while zlib works on it (it points back to itself).
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            // Raw deflate (no zlib header), as ZIP wants: window bits -15, zlib's default level.
            guard deflateInit2_(stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
            else {
                stream.deallocate()
                throw .package("zlib: không khởi tạo được bộ nén")
            }
            self.stream = stream
        }

        deinit {
            if let stream {
                deflateEnd(stream)
                stream.deallocate()
            }
        }

        func write(_ bytes: UnsafeRawBufferPointer) throws(ODFFailure) {
            guard let base = bytes.baseAddress, bytes.count > 0 else { return }
            let input = base.assumingMemoryBound(to: Bytef.self)
            crc = UInt32(crc32(uLong(crc), input, uInt(bytes.count)))
            size += UInt64(bytes.count)
            guard let stream else {
                try out.write(bytes)
                compressedSize += UInt64(bytes.count)
                return
            }
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input)
            stream.pointee.avail_in = uInt(bytes.count)
            try deflate(Z_NO_FLUSH)
        }

        func write(_ bytes: [UInt8]) throws(ODFFailure) {
            try bytes.withRawBytes { (buffer) throws(ODFFailure) in try write(buffer) }
        }

        fileprivate func finish() throws(ODFFailure) {
            if stream != nil { try deflate(Z_FINISH) }
        }

        private func deflate(_ flush: Int32) throws(ODFFailure) {
            guard let stream else { return }
            let count = output.count
            var result: Int32 = Z_OK
            repeat {
                let produced = output.withUnsafeMutableBufferPointer { buffer in
                    stream.pointee.next_out = buffer.baseAddress
                    stream.pointee.avail_out = uInt(count)
                    result = CZlibDeflate(stream, flush)
                    return count - Int(stream.pointee.avail_out)
                }
                guard result == Z_OK || result == Z_STREAM_END || result == Z_BUF_ERROR else {
                    throw .package("zlib: nén lỗi (\(result))")
                }
                if produced > 0 {
                    try output.withRawBytes { (buffer) throws(ODFFailure) in try out.write(UnsafeRawBufferPointer(rebasing: buffer[0..<produced])) }
                    compressedSize += UInt64(produced)
                }
                // More to come while zlib filled the whole buffer or, when finishing, until the end.
            } while stream.pointee.avail_out == 0 || (flush == Z_FINISH && result != Z_STREAM_END)
        }
    }
}

/// zlib's `deflate`, named apart from ``ZIPWriter/Entry``'s own method.
@inline(__always) private func CZlibDeflate(_ stream: UnsafeMutablePointer<z_stream>, _ flush: Int32) -> Int32 {
    deflate(stream, flush)
}

extension [UInt8] {
    /// `withUnsafeBytes` keeping the body's error type (`rethrows` would widen it to `any Error`).
    fileprivate func withRawBytes(_ body: (UnsafeRawBufferPointer) throws(ODFFailure) -> Void) throws(ODFFailure) {
        let result = withUnsafeBytes { buffer in Result { () throws(ODFFailure) in try body(buffer) } }
        try result.get()
    }

    fileprivate mutating func le16(_ value: UInt16) {
        append(UInt8(value & 0xFF))
        append(UInt8(value >> 8))
    }

    fileprivate mutating func le32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
}
