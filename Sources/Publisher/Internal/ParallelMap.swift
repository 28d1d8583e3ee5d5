import Foundation

extension Array where Element: Sendable {
    /// `map` over the machine's cores, results in the input's order (so output stays
    /// deterministic); the first error in input order is rethrown.
    func parallelMap<T: Sendable>(_ transform: @escaping @Sendable (Element) throws -> T) throws -> [T] {
        let slots = Slots<T>(count: count)
        let input = self
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let result = Result { try transform(input[index]) }
            slots.set(index, result)
        }
        return try slots.results().map { try $0.get() }
    }
}

/// Results written from many threads, each index once, read after all are done.
private final class Slots<T: Sendable>: @unchecked Sendable {
    private var items: [Result<T, any Error>?]
    private let lock = NSLock()

    init(count: Int) { items = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Result<T, any Error>) {
        lock.lock()
        items[index] = value
        lock.unlock()
    }

    func results() -> [Result<T, any Error>] {
        lock.lock()
        defer { lock.unlock() }
        return items.map { $0 ?? .failure(CancellationError()) }
    }
}
