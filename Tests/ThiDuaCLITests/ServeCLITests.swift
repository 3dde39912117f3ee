import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `thidua serve` as a user starts it: the real binary, a real port.
@Suite struct ServeCLITests {
    let cli = CLITests()

    /// A port of 127.0.0.1 no other test picks (the server binds it itself).
    static func port() -> Int { Int.random(in: 30_000..<40_000) }

    /// Starts `thidua serve` on `port` and waits until it answers `/hello` (at most 30 s).
    func serve(_ db: String, port: Int) async throws -> (Process, answer: String?) {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["serve", "--db", db, "--port", String(port)]
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        let url = URL(string: "http://127.0.0.1:\(port)/hello")!
        for _ in 0..<300 where process.isRunning {
            do {
                let (data, _) = try await URLSession.shared.data(from: url)
                return (process, String(decoding: data, as: UTF8.self))
            } catch {
                // Not listening yet: ask again.
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        return (process, nil)
    }

    /// The bug: run from top-level code, the asynchronous `serve` printed its help and exited 0.
    @Test func serveRunsTheWebAppInsteadOfPrintingItsHelp() async throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("t.sqlite").path
        let (server, answer) = try await serve(db, port: Self.port())
        defer { if server.isRunning { server.terminate() } }
        #expect(answer == "Xin chào")
        #expect(server.isRunning)
    }

    /// A port already taken is a user error: exit code 1 and a message on stderr.
    @Test func aTakenPortIsExitCodeOne() async throws {
        let dir = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("t.sqlite").path
        let port = Self.port()
        let (first, answer) = try await serve(db, port: port)
        defer { if first.isRunning { first.terminate() } }
        try #require(answer == "Xin chào")
        let second = try cli.run(["serve", "--db", db, "--port", String(port)])
        #expect(second.status == 1)
        #expect(second.err.contains("Không chạy được ứng dụng web"))
        #expect(!second.out.contains("USAGE"))
    }
}
