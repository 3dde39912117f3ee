import Foundation
import ThiDuaCore
import ThiDuaExport
import ThiDuaODF

/// `count` awardees of a province's award decisions, as certificate data: every field of
/// ``AwardDocuments/certificateSchema``, from a seeded generator (the same seed gives the same
/// certificates everywhere). Decisions of 250 awardees each, alternating districts; about a
/// third collectives, the rest people with their position; most with a model whose name holds
/// the characters XML must escape (`&`, `"`, `<…>`, `'`).
struct CertificateRecords {
    var count: Int
    var seed: UInt64

    static let province = "Thừa Thiên Huế"
    /// Districts (huyện, thị xã) with some of their communes.
    static let districts: [(kind: String, name: String, communes: [String])] = [
        ("huyện", "Phú Vang", ["Phú Thượng", "Phú Mậu", "Phú Dương", "Vinh Thanh", "Phú Hồ", "Phú Lương"]),
        ("thị xã", "Hương Thủy", ["Thủy Dương", "Thủy Phương", "Thủy Châu", "Phú Bài", "Thủy Thanh"]),
        ("huyện", "Quảng Điền", ["Quảng Phú", "Quảng An", "Quảng Thành", "Quảng Lợi", "Quảng Vinh"]),
        ("huyện", "Phong Điền", ["Phong Hiền", "Phong An", "Điền Hải", "Phong Thu", "Phong Mỹ"]),
        ("huyện", "A Lưới", ["Hồng Vân", "A Ngo", "Hồng Thượng", "Trung Sơn", "Lâm Đớt"]),
        ("thị xã", "Hương Trà", ["Hương Toàn", "Hương Vân", "Bình Tiến", "Hương Xuân"]),
        ("huyện", "Phú Lộc", ["Lộc Trì", "Vinh Hiền", "Lộc Bổn", "Giang Hải", "Lộc Điền"]),
    ]
    static let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
        "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Tôn Nữ"]
    static let men = (middle: ["Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Thành", "Ngọc", "Xuân", "Đình"],
        given: ["An", "Bình", "Cường", "Dũng", "Hùng", "Hải", "Khánh", "Long", "Phúc", "Quân", "Sơn", "Tâm", "Thắng", "Trí",
            "Tuấn", "Việt", "Lộc", "Nhân"])
    static let women = (middle: ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Mỹ", "Diệu", "Thùy"],
        given: ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Nhung", "Phương", "Thảo",
            "Trang", "Yến", "Ngân", "Tuyết"])
    /// Collectives, `{x}` standing for the commune and `{t}` for a hamlet number.
    static let collectives = ["Ủy ban nhân dân xã {x}", "Hội Liên hiệp Phụ nữ xã {x}", "Đoàn Thanh niên Cộng sản Hồ Chí Minh xã {x}",
        "Hội Nông dân xã {x}", "Ban Công tác Mặt trận thôn {t}, xã {x}", "Chi hội Cựu chiến binh thôn {t}, xã {x}",
        "Trường Tiểu học số {t} {x}", "Trạm Y tế xã {x}", "Công an xã {x}"]
    static let positions = ["Chủ tịch Hội Nông dân xã {x}", "Bí thư Chi đoàn thôn {t}, xã {x}", "Trưởng thôn {t}, xã {x}",
        "Công chức Văn hóa - Xã hội xã {x}", "Chi hội trưởng Chi hội Phụ nữ thôn {t}, xã {x}", "Phó Chủ tịch Ủy ban nhân dân xã {x}",
        "Giáo viên Trường Tiểu học số {t} {x}", "Trưởng Công an xã {x}", "Hội viên Hội Cựu chiến binh xã {x}"]
    static let topics = ["Phát triển kinh tế hộ gia đình", "Xây dựng nông thôn mới kiểu mẫu", "Giữ gìn an ninh trật tự & phòng chống tội phạm",
        "Chuyển đổi số trong cải cách hành chính", "Bảo vệ môi trường, phân loại rác tại nguồn", "Hỗ trợ người cao tuổi \"neo đơn\"",
        "Khuyến học, khuyến tài", "Đền ơn đáp nghĩa <gia đình chính sách>", "Tuyến đường 'Xanh - Sạch - Đẹp'",
        "Nuôi trồng thủy sản theo chuỗi giá trị"]
    static let campaigns = [
        ("Phong trào thi đua “Dân vận khéo” năm 2024", "Đã có thành tích xuất sắc trong phong trào thi đua “Dân vận khéo” năm 2024"),
        ("Phong trào “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh”",
            "Đã có thành tích xuất sắc trong thực hiện phong trào “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh” giai đoạn 2021 - 2025"),
        ("Phong trào thi đua “Chuyển đổi số” năm 2024", "Đã có thành tích tiêu biểu trong phong trào thi đua “Chuyển đổi số” năm 2024"),
    ]

    /// One page of certificate data per awardee, in decision order.
    func generate() -> [TemplateData] {
        var rng = SplitMix64(seed: seed)
        func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        func person() -> String {
            let man = rng.next() % 2 == 0
            let (middle, given) = man ? (Self.men.middle, Self.men.given) : (Self.women.middle, Self.women.given)
            return (man ? "Ông " : "Bà ") + "\(pick(Self.families)) \(pick(middle)) \(pick(given))"
        }
        var pages: [TemplateData] = []
        pages.reserveCapacity(count)
        var fields: [String: String] = [:]
        var communes: [String] = []
        var districtLine = ""
        var register = 0
        for i in 0..<count {
            if i % 250 == 0 {
                // A new decision: the province's Bằng khen every fourth, otherwise a district's Giấy khen.
                let k = i / 250
                let district = Self.districts[k % Self.districts.count]
                let provincial = k % 4 == 3
                let date = Day(year: 2024, month: 11 + k % 2, day: 1 + (k * 7) % 28)!
                let place = provincial ? "Huế" : district.name
                let (campaign, achievement) = Self.campaigns[k % Self.campaigns.count]
                let deputy = k % 3 != 0
                communes = district.communes
                districtLine = "\(district.kind) \(district.name), tỉnh \(Self.province)"
                register = provincial ? 3_000 + k * 250 : 1 + k * 250
                fields = [
                    "tham_quyen": provincial ? "Chủ tịch Ủy ban nhân dân tỉnh \(Self.province)"
                        : "Chủ tịch Ủy ban nhân dân \(district.kind) \(district.name)",
                    "hinh_thuc": provincial ? "BẰNG KHEN" : "GIẤY KHEN",
                    "so_quyet_dinh": String(format: "%d/QĐ-UBND", 1_000 + k * 13),
                    "ngay_quyet_dinh": date.inWords,
                    "noi_ngay": "\(place), \(date.inWords)",
                    "ky_thay": deputy ? "KT. CHỦ TỊCH" : "",
                    "chuc_danh": deputy ? "PHÓ CHỦ TỊCH" : "CHỦ TỊCH",
                    "nguoi_ky": String(person().dropFirst(3)),
                    "thanh_tich": achievement,
                    "phong_trao": campaign,
                ]
                fields["so_so_vang_mau"] = provincial ? "{n}/BK-UBND" : "{n}/GK-2024"
            }
            let commune = pick(communes)
            let hamlet = String(rng.next() % 12 + 1)
            func fill(_ pattern: String) -> String {
                pattern.replacingOccurrences(of: "{x}", with: commune).replacingOccurrences(of: "{t}", with: hamlet)
            }
            var page = fields
            page.removeValue(forKey: "so_so_vang_mau")
            let collective = rng.next() % 3 == 0
            if collective {
                page["nguoi_nhan"] = fill(pick(Self.collectives))
                page["chuc_vu"] = ""
            } else {
                page["nguoi_nhan"] = person()
                page["chuc_vu"] = fill(pick(Self.positions))
            }
            page["don_vi"] = "xã \(commune), \(districtLine)"
            page["mo_hinh"] = rng.next() % 5 < 3 ? "Mô hình “\(pick(Self.topics)) tại thôn \(hamlet), xã \(commune)”" : ""
            page["so_so_vang"] = fields["so_so_vang_mau"]!.replacingOccurrences(of: "{n}", with: String(register + i % 250))
            let group = i / 40 + 1
            let rank = i % 40 + 1
            let hundredths = 10_000 - (rank - 1) * 60 - Int(rng.next() % 60)
            page["ma"] = collective ? String(format: "DV%05d", i + 1) : String(format: "CN%05d", i + 1)
            page["khoi"] = group % 2 == 0 ? "Khối xã, phường, thị trấn - cụm \(group)" : "Khối cơ quan, đoàn thể số \(group)"
            page["hang"] = String(rank)
            page["tong_diem"] = String(format: "%d,%02d", hundredths / 100, hundredths % 100)
            // The lines the shipped template prints as paragraphs (none when empty).
            page["dong_so_vang"] = "Số sổ vàng: \(page["so_so_vang"]!)"
            page["dong_ky_thay"] = page["ky_thay"]!
            var data = TemplateData(fields: page)
            for list in ["dong_so_vang", "dong_ky_thay"] {
                data.setLines(list, page[list]!.isEmpty ? [] : [page[list]!])
            }
            pages.append(data)
        }
        return pages
    }
}

/// Seconds of the parts of one ThiĐua run: read + compile the template, then write the ODT.
private func certificatesRun(template: URL, pages: [TemplateData], out: URL) throws -> (compile: Double, write: Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let bytes = [UInt8](try Data(contentsOf: template))
    let compiled = try ODFTemplate(flat: bytes, name: template.lastPathComponent).compile(AwardDocuments.certificateSchema)
    let compiledAt = clock.now
    try compiled.write(pages: pages, to: out, title: "Giấy khen (benchmark)")
    return (seconds(compiledAt - start), seconds(clock.now - compiledAt))
}

@MainActor func certificates() throws {
    let count = Int(option("--count", "10000"))!
    let repository = benchmarksRoot.deletingLastPathComponent()
    let template = URL(fileURLWithPath: option("--template", repository.appendingPathComponent("Exports/giay-khen.fodt").path))
    let clock = ContinuousClock()

    // The hidden child: ThiĐua alone in its own process, so that its peak memory is its own.
    if let out = arguments.firstIndex(of: "--child-out").map({ URL(fileURLWithPath: arguments[$0 + 1]) }) {
        let pages = CertificateRecords(count: count, seed: seed).generate()
        print(String(format: "records-memory %.1f", peakMemoryMiB()))
        for _ in 0..<runs {
            let (compile, write) = try certificatesRun(template: template, pages: pages, out: out)
            print(String(format: "run %.6f %.6f", compile, write))
        }
        print(String(format: "peak-memory %.1f", peakMemoryMiB()))
        return
    }

    let dir = URL(fileURLWithPath: option("--data", benchmarksRoot.appendingPathComponent("data/certificates-\(count)-\(seed)").path))
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)

    // The records, and the same records as JSON for the peers.
    let start = clock.now
    let pages = CertificateRecords(count: count, seed: seed).generate()
    let schemaFields = AwardDocuments.certificateSchema.fields
    // The peers fill every placeholder as a field, the lists of lines (`dong_so_vang`) too.
    let placeholders = schemaFields.union(AwardDocuments.certificateSchema.lists.keys)
    precondition(pages.allSatisfy { Set($0.fields.keys) == placeholders }, "every record holds exactly the certificate schema's placeholders")
    let recordsURL = dir.appendingPathComponent("certificates.json")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try encoder.encode(pages.map(\.fields)).write(to: recordsURL)
    print(String(format: "generated %d certificates × %d fields in %.1f s; JSON for the peers: %@", count, schemaFields.count,
        seconds(clock.now - start), recordsURL.path))

    // ThiĐua, in a child process of this same binary (it regenerates the same records, untimed), so
    // that the peak it reports (its VmHWM, the kernel's high-water mark of its resident memory) is
    // ThiĐua's alone. (getrusage(RUSAGE_CHILDREN) would not do: `swift run` execs this binary and
    // the build's children's peak carries over the exec.)
    let ours = dir.appendingPathComponent("thidua.odt")
    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    let child = Process()
    child.executableURL = URL(fileURLWithPath: executable)
    child.arguments = ["certificates", "--count", String(count), "--seed", String(seed), "--runs", String(runs),
        "--template", template.path, "--child-out", ours.path]
    let pipe = Pipe()
    child.standardOutput = pipe
    try child.run()
    let childOutput = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    child.waitUntilExit()
    var compileTimes: [Double] = []
    var writeTimes: [Double] = []
    var recordsMemory = 0.0
    var childPeak = 0.0
    for line in childOutput.split(separator: "\n") {
        let f = line.split(separator: " ")
        switch f.first {
        case "run": compileTimes.append(Double(f[1])!); writeTimes.append(Double(f[2])!)
        case "records-memory": recordsMemory = Double(f[1])!
        case "peak-memory": childPeak = Double(f[1])!
        default: break
        }
    }
    guard child.terminationStatus == 0, compileTimes.count == runs else {
        print("thidua (child process) failed, status \(child.terminationStatus):\n\(childOutput)")
        exit(1)
    }
    let times = zip(compileTimes, writeTimes).map { $0 + $1 }

    // The peers, each timing its own work (reading the JSON is not timed).
    let relatorioOut = dir.appendingPathComponent("relatorio.odt")
    let relatorio = try runPeer("certificates_relatorio.py", [template.path, recordsURL.path, relatorioOut.path, "--runs", String(runs),
        "--template-out", dir.appendingPathComponent("relatorio-template.odt").path], prefix: "relatorio write ")
    let plainOut = dir.appendingPathComponent("plain-zip.odt")
    let plain = try runPeer("certificates_plain_zip.py", [template.path, recordsURL.path, plainOut.path, "--runs", String(runs)],
        prefix: "plain-zip write ")

    func size(_ url: URL) -> String {
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int) ?? 0
        return String(format: "%.1f MB", Double(bytes) / 1e6)
    }
    func runList(_ t: [Double]) -> String { t.map { String(format: "%.2f", $0) }.joined(separator: ", ") }
    let cpu = try shell("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").output.trimmingCharacters(in: .whitespacesAndNewlines)
    let cores = try shell("nproc").output.trimmingCharacters(in: .whitespacesAndNewlines)
    let system = try shell(". /etc/os-release 2>/dev/null && echo \"$PRETTY_NAME\"").output.trimmingCharacters(in: .whitespacesAndNewlines)
    let python = try shell("python3 -c 'import sys; print(sys.version.split()[0])'").output.trimmingCharacters(in: .whitespacesAndNewlines)
    print("machine: \(cpu), \(cores) cores, \(system); Python \(python)")
    print("\(count) certificates from \(template.lastPathComponent) (\(schemaFields.count) fields each), one ODT page per awardee; "
        + "median of \(runs) runs")
    print(String(format: "thidua read+compile+write  %6.2f s  (runs: %@; read+compile %.1f ms, write %.2f s); %@", median(times),
        runList(times), median(compileTimes) * 1000, median(writeTimes), size(ours)))
    print("\(relatorio.line); \(size(relatorioOut))")
    print("\(plain.line); \(size(plainOut))")
    print(String(format: "thidua peak memory: %.0f MiB (its own process, VmHWM), of which the records in memory %.0f MiB  "
        + "(goal: under 200 MB, %@)", childPeak, recordsMemory, childPeak * 1.048576 < 200 ? "met" : "NOT met"))

    // Every file reads back with the records' recipients and register numbers, in order.
    let check = try shell("python3 '\(benchmarksRoot.appendingPathComponent("peers/certificates_check.py").path)' '\(recordsURL.path)' "
        + [ours, relatorioOut, plainOut].map { "'\($0.path)'" }.joined(separator: " "))
    print(check.output.trimmingCharacters(in: .whitespacesAndNewlines))

    // Strict ODF 1.3 validity, where the shared tools are beside the repository (ours must pass).
    var oursValid = true
    let odfcheck = [repository.deletingLastPathComponent().appendingPathComponent("shared/tools/odfcheck").path, "/work/shared/tools/odfcheck"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    if let odfcheck, try shell("command -v jing").status == 0 {
        for file in [ours, relatorioOut, plainOut] {
            let result = try shell("'\(odfcheck)' '\(file.path)'")
            print("odfcheck: " + result.output.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\n", with: "\n          "))
            if file == ours && result.status != 0 { oursValid = false }
        }
    } else {
        print("odfcheck: skipped (\(odfcheck == nil ? "shared/tools/odfcheck not found" : "jing not installed"))")
        // In CI every check runs: a missing checker is a failure.
        if ProcessInfo.processInfo.environment["CI"] == "true" { exit(1) }
    }
    let ratio = relatorio.time / median(times)
    print(String(format: "ratio (relatorio / thidua): %.1f×  (goal: at least 10×%@)", ratio, ratio >= 10 ? ", met" : ", NOT met"))
    print(String(format: "ratio (thidua / plain zip + text substitution): %.2f×", median(times) / plain.time))
    if check.status != 0 || !oursValid { exit(1) }
}
