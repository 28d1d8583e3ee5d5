extension Parallel {
    /// `count` arrays of `length` elements each, which `body` initializes in full (every
    /// element of every buffer, on as many threads as it likes) before it returns: the arrays
    /// are the very buffers `body` wrote. Columns written into buffers made first (each page
    /// touched once on the calling thread to fill it) and copied into arrays afterwards had every
    /// page of their memory made twice, one thread at a time: at 1,000,000 rows × 21 columns
    /// that was 0.3 s of a 1.3 s load, most of it the first touch of new memory.
    /// - Parameter body: given the arrays' buffers, in order; it must not keep them.
    /// - Complexity: O(count) nested calls, so keep `count` to tens (`CSVTable` reads a wide
    ///   file's columns in groups).
    public static func arrays<T>(
        count: Int, length: Int, initializedBy body: ([UnsafeMutableBufferPointer<T>]) -> Void
    ) -> [[T]] {
        // Each array's initializer holds the next one's call, so that every buffer is open
        // while `body` runs; each array counts its elements once `body` has returned.
        func open(_ buffers: [UnsafeMutableBufferPointer<T>]) -> [[T]] {
            guard buffers.count < count else {
                body(buffers)
                return []
            }
            var rest: [[T]] = []
            let array = [T](unsafeUninitializedCapacity: length) { buffer, initialized in
                rest = open(buffers + [UnsafeMutableBufferPointer(rebasing: buffer[0..<length])])
                initialized = length
            }
            return [array] + rest
        }
        return open([])
    }
}
