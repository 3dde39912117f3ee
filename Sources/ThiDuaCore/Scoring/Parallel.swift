import Dispatch

/// `(0..<count).map(body)` on every core, in order. The result does not depend on how many
/// cores there are: each index is computed alone and placed at its own position.
func concurrentMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 1 else { return (0..<count).map(body) }
    let chunkCount = min(count, 64)
    let results = ChunkResults<T>(chunkCount)
    DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
        let range = (count * chunk / chunkCount)..<(count * (chunk + 1) / chunkCount)
        results.set(chunk, range.map(body))
    }
    return results.joined()
}

/// The chunks' results. Safe to share: `concurrentPerform` gives each chunk index to exactly one
/// worker, each worker writes only the slot of its own index, the slots are allocated before
/// any worker starts, and they are read only after `concurrentPerform` has returned.
private final class ChunkResults<T>: @unchecked Sendable {
    private var slots: [[T]]
    init(_ count: Int) { slots = Array(repeating: [], count: count) }
    func set(_ index: Int, _ value: [T]) {
        slots.withUnsafeMutableBufferPointer { $0[index] = value }
    }
    func joined() -> [T] { slots.flatMap { $0 } }
}
