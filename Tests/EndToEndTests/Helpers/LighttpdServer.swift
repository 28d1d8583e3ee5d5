import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A lighttpd started for one test with the config `scripts/serve --config-only` generates,
/// on a free loopback port, and always stopped afterwards.
struct LighttpdServer {
    let port: Int
    let process: Process
    /// The folder of its config and logs (`scripts/serve --state`).
    let state: URL

    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: String

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    /// Starts the server, runs `body`, and stops the server however `body` ends.
    /// - Parameters:
    ///   - jobs: the predict.cgi-jobs to install beside `cgi` (default: `cgi`'s name plus -jobs).
    ///   - environment: more variables for every CGI (`scripts/serve --env`).
    static func with<T>(
        site: URL, cgi: URL, jobs: URL? = nil, state: URL, deployment: URL? = nil,
        environment: [String: String] = [:], _ body: (LighttpdServer) throws -> T
    ) throws -> T {
        let server = try start(
            site: site, cgi: cgi, jobs: jobs, state: state, deployment: deployment ?? state, environment: environment)
        defer { server.stop() }
        return try body(server)
    }

    /// Serves `research` (a repository's research folder, linked in) as a deployment with its own
    /// var/ folder, beside a one-page site, for `body`; hands it the SQLite log's path.
    /// - Parameters:
    ///   - cgi: the predict.cgi to serve, and `jobs` the predict.cgi-jobs beside it (default:
    ///     `cgi`'s name plus -jobs).
    ///   - settings: the deployment's deployment.json, when it has one.
    ///   - environment: more variables for predict.cgi (`MODELPRESS_DATABASE_URL`).
    static func with<T>(
        research: URL, cgi: URL = Executables.predictCGI, jobs: URL? = nil, settings: String? = nil,
        environment: [String: String] = [:], _ body: (LighttpdServer, URL) throws -> T
    ) throws -> T {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let site = folder.url.appendingPathComponent("public")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try Data("<!DOCTYPE html><title>x</title>".utf8).write(to: site.appendingPathComponent("index.html"))
        let deployment = folder.url.appendingPathComponent("deployment")
        try FileManager.default.createDirectory(at: deployment, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: deployment.appendingPathComponent("research"), withDestinationURL: research)
        if let settings {
            try Data(settings.utf8).write(to: deployment.appendingPathComponent("deployment.json"))
        }
        return try with(
            site: site, cgi: cgi, jobs: jobs, state: folder.url, deployment: deployment, environment: environment
        ) {
            try body($0, deployment.appendingPathComponent("var/requests.sqlite"))
        }
    }

    private static func start(
        site: URL, cgi: URL, jobs: URL?, state: URL, deployment: URL, environment: [String: String]
    ) throws -> LighttpdServer {
        var lastError = ""
        for _ in 0..<5 {
            let port = try freePort()
            let script = Executables.repositoryRoot.appendingPathComponent("scripts/serve")
            let config = try run(
                script,
                [
                    "--config-only", "--port", "\(port)", "--site", site.path, "--cgi", cgi.path, "--state", state.path,
                    "--deployment", deployment.path,
                ] + (jobs.map { ["--jobs", $0.path] } ?? [])
                    + environment.sorted { $0.key < $1.key }.flatMap { ["--env", "\($0.key)=\($0.value)"] })
            guard config.status == 0 else {
                throw ServerError(message: "scripts/serve --config-only failed: \(config.errorOutput)")
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: lighttpdPath())
            process.arguments = ["-D", "-f", config.output.trimmingCharacters(in: .whitespacesAndNewlines)]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline && process.isRunning {
                if accepts(port: port) { return LighttpdServer(port: port, process: process, state: state) }
                usleep(20_000)
            }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            let log = state.appendingPathComponent("lighttpd/error.log")
            lastError = (try? String(contentsOf: log, encoding: .utf8)) ?? "no error log"
        }
        throw ServerError(message: "lighttpd did not start: \(lastError)")
    }

    /// The lines of lighttpd's error log holding `text`: where a CGI's standard error goes (an
    /// error's detail, which its answer leaves out), for a failing test's message.
    func errorLog(containing text: String) -> String {
        let log = (try? String(contentsOf: state.appendingPathComponent("lighttpd/error.log"), encoding: .utf8)) ?? ""
        return log.split(separator: "\n").filter { $0.contains(text) }.joined(separator: "\n")
    }

    /// Asks lighttpd to stop, and kills it when it has not within two seconds: a process started
    /// from a test thread inherits that thread's blocked signals, SIGTERM among them.
    func stop() {
        if process.isRunning {
            process.terminate()
        }
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline {
            usleep(20_000)
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    /// Fetches `path` with curl (a real HTTP client) and splits the answer.
    func get(_ path: String) throws -> Response {
        try curl(path, [])
    }

    /// Posts `body` to `path` with curl.
    func post(
        _ path: String, body: String, contentType: String = "application/json", accept: String? = nil
    ) throws -> Response {
        try curl(
            path,
            ["--request", "POST", "--header", "Content-Type: \(contentType)", "--data-binary", body]
                + (accept.map { ["--header", "Accept: \($0)"] } ?? []))
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    private func curl(_ path: String, _ options: [String]) throws -> Response {
        let result = try run(
            URL(fileURLWithPath: "/usr/bin/curl"),
            ["--silent", "--show-error", "--include", "--max-time", "10"] + options + [baseURL + path])
        guard result.status == 0 else {
            throw ServerError(message: "curl \(path) failed: \(result.errorOutput)")
        }
        let text = result.output
        guard let split = text.range(of: "\r\n\r\n") else {
            throw ServerError(message: "no header/body separator in the answer to \(path)")
        }
        let head = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = Int(head.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        let headers = head.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Response(status: status, headers: headers, body: String(text[split.upperBound...]))
    }

    struct ServerError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static func lighttpdPath() -> String {
        for candidate in ["/usr/sbin/lighttpd", "/usr/bin/lighttpd", "/usr/local/sbin/lighttpd"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return "lighttpd"
    }

    /// A port the kernel just handed out on 127.0.0.1 and that nothing listens on.
    static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw ServerError(message: "socket() failed") }
        defer { close(socketFD) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw ServerError(message: "bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func accepts(port: Int) -> Bool {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { return false }
        defer { close(socketFD) }
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return connected == 0
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
