/// Text files as people's editors and tools save them: every text file modelpress reads
/// (data sums, pipelines, cards, site pages and settings, registry files, batch uploads) goes
/// through here, so that a file saved on Windows (CRLF line ends, Excel's or Notepad's leading
/// byte order mark) or checked out with git's `core.autocrlf` reads as it does on Linux.
public enum TextFile {
    /// UTF-8's encoding of U+FEFF, which Windows editors and Excel's "CSV UTF-8" write first.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// `bytes` after a leading UTF-8 byte order mark, if there is one.
    public static func withoutByteOrderMark<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bytes.SubSequence {
        bytes.starts(with: byteOrderMark) ? bytes.dropFirst(byteOrderMark.count) : bytes[...]
    }

    /// The text of a file's `bytes`: a leading byte order mark dropped, and CRLF and a lone CR
    /// ended as LF (as CommonMark and Python's universal newlines read them), so that a reader
    /// need only split at "\n". Nil when the bytes are not UTF-8.
    /// - Complexity: O(bytes).
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String? {
        let body = withoutByteOrderMark(bytes)
        let carriageReturn = UInt8(ascii: "\r"), newline = UInt8(ascii: "\n")
        guard body.contains(carriageReturn) else { return String(validating: body, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            body.formIndex(after: &index)
            if byte == carriageReturn {
                out.append(newline)
                if index < body.endIndex && body[index] == newline { body.formIndex(after: &index) }
            } else {
                out.append(byte)
            }
        }
        return String(validating: out, as: UTF8.self)
    }
}
