import Basics
import Scoring

extension CSVTable {
    /// The bytes a table's cells are in, without a byte order mark: an array, or a data file
    /// mapped in place (`MappedBytes`) whose pages each pass over the whole text gives back as it
    /// goes (`release(_:)`), so that a large file is never resident whole (the million-row
    /// regression set of `make bench-scale` was: 165 MB beside the columns typed from it).
    struct Text: Sendable {
        private let array: [UInt8]
        private let mapping: MappedBytes?
        /// Where the text starts in `mapping` (after a byte order mark).
        private let offset: Int
        let count: Int

        init(_ bytes: [UInt8]) {
            let unmarked = TextFile.withoutByteOrderMark(bytes)
            array = unmarked.count == bytes.count ? bytes : Array(unmarked)
            mapping = nil
            offset = 0
            count = array.count
        }

        init(_ mapping: MappedBytes) {
            let all = UnsafeBufferPointer(start: mapping.base.assumingMemoryBound(to: UInt8.self), count: mapping.count)
            offset = all.count - TextFile.withoutByteOrderMark(all).count
            count = all.count - offset
            array = []
            self.mapping = mapping
        }

        /// `body` of the bytes, valid only during the call.
        @inline(__always)
        func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
            guard let mapping else { return try array.withUnsafeBufferPointer(body) }
            let base = mapping.base.assumingMemoryBound(to: UInt8.self) + offset
            return try body(UnsafeBufferPointer(start: base, count: count))
        }

        /// Gives back the resident pages of `range` (byte offsets into the text) when the text is a
        /// mapped file, after a pass has read them; a later read maps them again. Nothing for an
        /// array.
        func release(_ range: Range<Int>) {
            mapping?.release((range.lowerBound + offset)..<(range.upperBound + offset))
        }

        /// Whether a mapped file still has the size and modification time it had when mapped
        /// (`MappedBytes.isUnchanged`); true for an array.
        var isUnchanged: Bool { mapping?.isUnchanged ?? true }
    }
}
