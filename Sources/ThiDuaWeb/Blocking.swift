import Dispatch

/// Runs synchronous work that waits on the database — ThiDuaServices' scoring, ranking,
/// publishing and exports, which read with GRDB's blocking API — on a Dispatch thread, so that
/// none of the server's cooperative threads is held while SQLite works. `queue` is where it
/// runs: a serial queue makes such work one at a time.
func blocking<T: Sendable>(on queue: DispatchQueue = .global(qos: .userInitiated), _ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        queue.async { continuation.resume(with: Result { try work() }) }
    }
}
