import Dispatch

/// `(0..<count).map(body)` on every core, in order. The result does not depend on how many
/// cores there are: each index is computed alone and placed at its own position.
func concurrentMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 1 else { return (0..<count).map(body) }
    let chunkCount = min(count, 64)
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        let slots = Slots(buffer)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            for i in (count * chunk / chunkCount)..<(count * (chunk + 1) / chunkCount) {
                slots.initialize(i, to: body(i))
            }
        }
        initialized = count
    }
}

/// The result's memory, shared by the workers. Safe: `concurrentPerform` gives each chunk, and so
/// each index, to exactly one worker; each index is initialised exactly once, by that worker;
/// the buffer outlives the workers (it is the array being built, and `concurrentPerform` returns
/// only after every worker is done); and the array counts the elements only after that.
private final class Slots<T>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { base = buffer.baseAddress! }
    func initialize(_ index: Int, to value: T) { (base + index).initialize(to: value) }
}
