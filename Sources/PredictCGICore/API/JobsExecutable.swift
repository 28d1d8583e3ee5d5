import ServingCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// predict.cgi's second executable, beside it under its name plus `-jobs` (`predict.cgi-jobs`;
/// `PredictCGI-jobs` in a build folder): batch jobs, their worker, and the set-up of a new or
/// outdated request log, which need Foundation and GRDB. predict.cgi runs it in its own place
/// (`exec`), so a web server still maps one URL onto one program and the request's
/// environment and unread body go to it unchanged.
///
/// Measured (see the README's predict.cgi section): the one executable that linked everything
/// was ~100 MB static (a third of it ICU data) and started Foundation, GRDB and swift-crypto on
/// every request; predict.cgi alone is 16.7 MB static, unstripped (debug builds: 3.5 MB against
/// predict.cgi-jobs' 30 MB).
package enum JobsExecutable {
    /// Replaces this process with the jobs executable, with the same arguments; returns only
    /// when that fails, with the answer that says so.
    package static func replaceProcess() -> CGIResponse {
        let path = (ownPath() ?? "predict.cgi") + "-jobs"
        execv(path, CommandLine.unsafeArgv)
        let reason = String(cString: strerror(errno))
        return .error(
            ServingError(
                .unavailable, "predict.cgi cannot answer this request: its batch and set-up executable is missing",
                detail: "cannot run \(path) (\(reason)), which answers batch jobs and sets up a new request log; "
                    + "install it beside predict.cgi"))
    }

    /// This executable's path, from /proc/self/exe.
    package static func ownPath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
