import Foundation

/// Puts finished files into one ZIP archive (the web app's download of several documents),
/// each under its own file name, stored as it is: ODF files are compressed already.
public enum ZipFolder {
    public static func write(_ files: [URL], to url: URL) throws(ODFFailure) {
        let zip = try ZIPWriter(url)
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw .package("không đọc được \(file.path)")
            }
            let bytes = [UInt8](data)
            try zip.entry(file.lastPathComponent, deflated: false) { entry throws(ODFFailure) in try entry.write(bytes) }
        }
        try zip.close()
    }
}
