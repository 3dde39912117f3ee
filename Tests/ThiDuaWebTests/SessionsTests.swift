import Testing
@testable import ThiDuaWeb

/// Sessions in memory: a full table drops anonymous sessions before signed-in ones.
@Suite struct SessionsTests {
    @Test func aFloodOfSignInFormsKeepsSignedInSessions() async {
        let sessions = Sessions(limit: 4)
        let juror = await sessions.create(.juror(campaign: "DVK-2024", code: "GK01"))
        let secretariat = await sessions.create(.secretariat)
        var anonymous: [Session] = []
        for _ in 0..<20 { anonymous.append(await sessions.create(.anonymous)) }
        #expect(await sessions.get(juror.id) == juror)
        #expect(await sessions.get(secretariat.id) == secretariat)
        // The latest form still works.
        #expect(await sessions.get(anonymous.last!.id) == anonymous.last)
        var live = 0
        for a in anonymous where await sessions.get(a.id) != nil { live += 1 }
        #expect(live <= 2)
        // Ids and form tokens are new each time, 256 random bits as hex.
        #expect(Set(anonymous.map(\.id)).count == 20)
        #expect(anonymous.allSatisfy { $0.id.count == 64 && $0.csrf.count == 64 && $0.id != $0.csrf })
    }

    @Test func signedInAloneFillingTheTableStartsOver() async {
        let sessions = Sessions(limit: 2)
        let first = await sessions.create(.secretariat)
        _ = await sessions.create(.juror(campaign: "DVK-2024", code: "GK01"))
        let third = await sessions.create(.juror(campaign: "DVK-2024", code: "GK02"))
        #expect(await sessions.get(first.id) == nil)
        #expect(await sessions.get(third.id) == third)
    }
}
