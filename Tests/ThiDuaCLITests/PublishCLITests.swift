import Foundation
import Testing

/// `thidua publish` and the words of a tie in `thidua standings` (issue 11, the web's items).
@Suite struct PublishCLITests {
    let cli = CLITests()

    /// The demo's database (every campaign scored once).
    func demo() throws -> String {
        let dir = try cli.temporaryDirectory()
        let examples = CLITests.packageRoot.appendingPathComponent("Examples").path
        let result = try cli.run(["demo", "--out", dir.path, "--examples", examples])
        #expect(result.status == 0, "\(result.err)")
        return dir.appendingPathComponent("thidua.sqlite").path
    }

    @Test func publishAStoredRun() throws {
        let db = try demo()
        let published = try cli.run(["publish", "--campaign", "DVK-2024", "--db", db])
        #expect(published.status == 0, "\(published.err)")
        #expect(published.out.hasPrefix("DVK-2024: đã công bố lần tính #1 (tính lúc "))
        #expect(published.out.contains(") làm kết quả chính thức, lúc "))
        let unknown = try cli.run(["publish", "--campaign", "DVK-2024", "--run", "9", "--db", db])
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("Phong trào DVK-2024 không có lần tính #9."))
        let noCampaign = try cli.run(["publish", "--campaign", "XX-2024", "--db", db])
        #expect(noCampaign.status == 1)
        #expect(noCampaign.err.contains("Không có phong trào 'XX-2024'"))
    }

    @Test func standingsSayWhichTieBreakDecidedNotAGapOfZero() throws {
        let db = try demo()
        let standings = try cli.run(["standings", "--campaign", "GUTD-2024", "--db", db])
        #expect(standings.status == 0, "\(standings.err)")
        #expect(!standings.out.contains("0 (verified_pledge)"))
        // The same words as the unit's page on the web.
        #expect(standings.out.contains("  P-ANPHU, hạng 3: bằng điểm mục xếp trên; thứ hạng do tiêu chí phụ quyết định: verified_pledge desc\n"))
    }
}
