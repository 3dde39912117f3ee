import ArgumentParser
import Foundation
import ThiDuaCore
import ThiDuaServices
import ThiDuaStore
import ThiDuaWeb

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Chạy ứng dụng web: thành viên hội đồng chấm điểm, đơn vị xem thứ hạng, ban thư ký điều hành vòng chấm."
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Địa chỉ lắng nghe.") var host = "127.0.0.1"
    @Option(help: "Cổng.") var port = 8080
    @Option(help: "Thư mục bộ tiêu chí (mặc định Criteria/ của dự án).") var criteria: String?
    @OptionGroup var seed: SeedOption

    func run() async throws {
        let store = try database.open()
        let options = WebOptions(host: host, port: port, criteriaDirectory: criteria, seed: seed.seed)
        do {
            let app = try await WebApp.build(store: store, options: options)
            print("ThiĐua đang chạy tại http://\(host):\(port)/ (cơ sở dữ liệu \(database.db)); dừng bằng Ctrl-C")
            fflush(nil)
            try await app.runService()
        } catch {
            throw UserError("Không chạy được ứng dụng web: \(error)")
        }
    }
}

struct Jurors: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jurors",
        abstract: "Thành viên hội đồng: cấp mã đăng nhập ứng dụng web.",
        subcommands: [JurorToken.self]
    )
}

struct JurorToken: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Cấp mã đăng nhập mới cho một thành viên hội đồng (mã cũ hết hiệu lực). Mã chỉ hiện một lần; cơ sở dữ liệu chỉ giữ bản băm."
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Mã thành viên hội đồng.") var code: String
    @Option(help: "Mã phong trào.") var campaign: String

    func run() throws {
        let token = try database.open().issueJurorToken(campaign: campaign, juror: code)
        print("Mã đăng nhập của \(code) (\(campaign)): \(token)")
    }
}

struct Admin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin",
        abstract: "Ban thư ký: cấp mã đăng nhập ứng dụng web.",
        subcommands: [AdminToken.self]
    )
}

struct AdminToken: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Cấp mã đăng nhập mới cho ban thư ký (mã cũ hết hiệu lực). Mã chỉ hiện một lần."
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        print("Mã đăng nhập của ban thư ký: \(try database.open().issueAdminToken())")
    }
}
