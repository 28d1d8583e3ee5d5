import Basics
import JSONReading
import Scoring

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a serving host keeps what predict.cgi needs, from the one environment variable the
/// web server sets: `MODELPRESS_DEPLOYMENT`, a folder.
///
/// The folder is the root the serving snapshot's artifact paths are relative to. By default the
/// snapshot is `research/registry/serving.json` and the request log `var/requests.sqlite` in it;
/// an optional `deployment.json` there overrides them and the body limit:
/// `{"snapshot": "…", "database": "…", "answers": "…", "max_body_bytes": 65536, "cgi_url": "…"}`
/// (relative paths are taken from the folder). `database` may instead name a PostgreSQL database
/// several hosts share, and `MODELPRESS_DATABASE_URL` in the environment names one over it
/// (`RequestStore`). Batch jobs have their own settings, see `JobSettings`.
public struct Deployment: Equatable, Sendable {
    public static let variable = "MODELPRESS_DEPLOYMENT"
    public static let defaultMaxBodyBytes = 64 * 1024

    public var root: String
    public var snapshotPath: String
    /// The SQLite request log's path (`var/requests.sqlite` unless deployment.json says other);
    /// used only when `requestStore` is that file.
    public var databasePath: String
    /// Where the request log is: the SQLite file at `databasePath`, or PostgreSQL.
    public var requestStore: RequestStore
    /// The folder of the themed answer pages (`AnswerShell`), `answers/` by default; without
    /// them predict.cgi answers plain pages.
    public var answersPath: String
    public var maxBodyBytes: Int
    /// Where predict.cgi is published (`cgi_url`, as `bundle` records it: a path such as
    /// `/cgi-bin/predict.cgi` or a whole URL), for links back to it when the web server's
    /// SCRIPT_NAME cannot be trusted (see `CGIRequest.scriptPath(in:)`); nil when not recorded.
    public var cgiURL: String?
    public var jobs: JobSettings

    public init(
        root: String, snapshotPath: String? = nil, databasePath: String? = nil, databaseURL: String? = nil,
        answersPath: String? = nil, maxBodyBytes: Int = Deployment.defaultMaxBodyBytes, cgiURL: String? = nil,
        jobs: JobSettings = JobSettings()
    ) {
        let root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        self.root = root
        self.snapshotPath = Self.resolve(snapshotPath ?? RepositoryLayout.registry(.servingSnapshot), in: root)
        // `RequestStore`'s rule: the environment's URL, else deployment.json's `database`.
        let named = databasePath.map { RequestStore.isPostgreSQL($0) } == true ? nil : databasePath
        self.databasePath = Self.resolve(named ?? "var/requests.sqlite", in: root)
        if let databaseURL, !databaseURL.isEmpty {
            requestStore = .postgresql(url: databaseURL)
        } else if let databasePath, named == nil {
            requestStore = .postgresql(url: databasePath)
        } else {
            requestStore = .sqlite(path: self.databasePath)
        }
        self.answersPath = Self.resolve(answersPath ?? "answers", in: root)
        self.maxBodyBytes = maxBodyBytes
        self.cgiURL = cgiURL
        var jobs = jobs
        jobs.databasePath = Self.resolve(jobs.databasePath, in: root)
        jobs.resultsPath = Self.resolve(jobs.resultsPath, in: root)
        self.jobs = jobs
    }

    /// The deployment the environment names.
    /// - Throws: `ServingError` 503 when the variable is unset or `deployment.json` is unreadable.
    public static func fromEnvironment() throws(ServingError) -> Deployment {
        try named(getenv(variable).map { String(cString: $0) }, databaseURL: databaseURLFromEnvironment())
    }

    /// The environment's `MODELPRESS_DATABASE_URL` (`RequestStore.variable`), nil when unset.
    public static func databaseURLFromEnvironment() -> String? {
        getenv(RequestStore.variable).map { String(cString: $0) }
    }

    /// The deployment a value of `MODELPRESS_DEPLOYMENT` names (nil when the variable is unset):
    /// predict.cgi's routes read it from the request's meta-variables, and
    /// `MODELPRESS_DATABASE_URL` (`databaseURL`) too.
    /// - Throws: `ServingError` 503 when the value is missing or empty or `deployment.json` is
    ///   unreadable.
    public static func named(_ folder: String?, databaseURL: String? = nil) throws(ServingError) -> Deployment {
        guard let folder, !folder.isEmpty else {
            throw ServingError(
                .unavailable,
                "predict.cgi is not configured: the web server must set \(variable) to the deployment folder")
        }
        return try load(folder: folder, databaseURL: databaseURL)
    }

    /// Reads `deployment.json` in `folder` when there is one.
    /// - Parameter databaseURL: `MODELPRESS_DATABASE_URL`'s value, which wins over the file's
    ///   `database` (`RequestStore`).
    /// - Throws: `ServingError` 503 when the file is unreadable or a setting is wrong (a
    ///   `databaseURL` that is no `postgresql://` URI).
    public static func load(folder: String, databaseURL: String? = nil) throws(ServingError) -> Deployment {
        if let databaseURL, !databaseURL.isEmpty, !RequestStore.isPostgreSQL(databaseURL) {
            throw ServingError(
                .unavailable, "predict.cgi is misconfigured",
                detail: "\(RequestStore.variable) must be a PostgreSQL URI (postgresql://HOST/DATABASE), "
                    + "not '\(RequestStore.redacted(databaseURL))'; unset it to use deployment.json's database")
        }
        let settingsPath = resolve("deployment.json", in: folder)
        guard let bytes = FileBytes.read(settingsPath) else {
            return Deployment(root: folder, databaseURL: databaseURL)
        }
        // A byte order mark first (Notepad writes one) is skipped, as in every text file.
        let read = bytes.withUnsafeBytes { raw in
            let text = UnsafeRawBufferPointer(rebasing: TextFile.withoutByteOrderMark(raw))
            return Result { () throws(JSONReadError) in try JSONReader.read(text, DeploymentSettings.init(reading:)) }
        }
        let settings: DeploymentSettings
        switch read {
        case .success(let value): settings = value
        case .failure(let error):
            throw ServingError(
                .unavailable, "predict.cgi is misconfigured",
                detail: "\(settingsPath) is not valid JSON settings (\(error))")
        }
        if let limit = settings.maxBodyBytes, limit <= 0 {
            throw ServingError(
                .unavailable, "predict.cgi is misconfigured",
                detail: "max_body_bytes in \(settingsPath) must be positive")
        }
        return Deployment(
            root: folder, snapshotPath: settings.snapshot, databasePath: settings.database, databaseURL: databaseURL,
            answersPath: settings.answers,
            maxBodyBytes: settings.maxBodyBytes ?? defaultMaxBodyBytes, cgiURL: settings.cgiURL,
            jobs: try JobSettings(settings.jobs, file: settingsPath))
    }

    /// `path` itself when absolute, else `folder/path`.
    public static func resolve(_ path: String, in folder: String) -> String {
        path.hasPrefix("/") ? path : (folder.hasSuffix("/") ? folder + path : folder + "/" + path)
    }
}

/// deployment.json, read with `JSONReader` (predict.cgi reads it on every request). Unknown
/// keys are ignored; a key of the wrong type is an error.
package struct DeploymentSettings {
    package var snapshot: String?
    package var database: String?
    package var answers: String?
    package var maxBodyBytes: Int?
    package var cgiURL: String?
    package var jobs = JobSettings.Overrides()

    package init(reading reader: inout JSONReader) throws(JSONReadError) {
        func text(_ reader: inout JSONReader) throws(JSONReadError) -> String? {
            try reader.optional { r throws(JSONReadError) in try r.string() }
        }
        func integer(_ reader: inout JSONReader) throws(JSONReadError) -> Int? {
            try reader.optional { r throws(JSONReadError) in try r.int() }
        }
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "snapshot": snapshot = try text(&reader)
            case "database": database = try text(&reader)
            case "answers": answers = try text(&reader)
            case "max_body_bytes": maxBodyBytes = try integer(&reader)
            case "cgi_url": cgiURL = try text(&reader)
            case "jobs_database": jobs.database = try text(&reader)
            case "jobs_results": jobs.results = try text(&reader)
            case "max_job_body_bytes": jobs.maxBodyBytes = try integer(&reader)
            case "max_job_rows": jobs.maxRows = try integer(&reader)
            case "job_retention_seconds": jobs.retentionSeconds = try integer(&reader)
            case "job_lease_seconds":
                jobs.leaseSeconds = try reader.optional { r throws(JSONReadError) in try r.double() }
            case "job_chunk_rows": jobs.chunkRows = try integer(&reader)
            case "spawn_workers": jobs.spawnWorkers = try integer(&reader)
            default: try reader.skipValue()
            }
        }
    }
}
