import Foundation
import Serving
import Testing

/// Which store a deployment's request log is in (`RequestStore`): deployment.json's `database`,
/// and `MODELPRESS_DATABASE_URL` over it.
@Suite struct RequestStoreTests {
    func load(_ json: String?, databaseURL: String? = nil) throws(ServingError) -> Deployment {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        if let json { try? Data(json.utf8).write(to: folder.appendingPathComponent("deployment.json")) }
        return try Deployment.load(folder: folder.path, databaseURL: databaseURL)
    }

    @Test func aPathIsSQLiteAndAURIIsPostgreSQL() throws {
        let plain = try load(nil)
        #expect(plain.requestStore == .sqlite(path: plain.databasePath))
        #expect(plain.databasePath.hasSuffix("/var/requests.sqlite"))
        let file = try load(#"{"database": "/srv/log.sqlite"}"#)
        #expect(file.requestStore == .sqlite(path: "/srv/log.sqlite"))
        for url in ["postgresql://db.internal/modelpress", "postgres:///modelpress?host=/run/postgresql"] {
            let shared = try load(#"{"database": "\#(url)"}"#)
            #expect(shared.requestStore == .postgresql(url: url))
            // The SQLite path stays the default; nothing reads it while the log is elsewhere.
            #expect(shared.databasePath.hasSuffix("/var/requests.sqlite"))
        }
    }

    @Test func theEnvironmentWinsOverTheFile() throws {
        let url = "postgresql://app@db.internal/modelpress"
        #expect(try load(#"{"database": "/srv/log.sqlite"}"#, databaseURL: url).requestStore == .postgresql(url: url))
        #expect(
            try load(#"{"database": "postgresql://other/db"}"#, databaseURL: url).requestStore
                == .postgresql(url: url))
        #expect(try load(nil, databaseURL: url).requestStore == .postgresql(url: url))
        // Set but empty is unset, as a web server's configuration may leave it.
        let unset = try load(nil, databaseURL: "")
        #expect(unset.requestStore == .sqlite(path: unset.databasePath))
        #expect(unset.databasePath.hasSuffix("/var/requests.sqlite"))
    }

    @Test func anEnvironmentValueThatIsNoURIIsAMisconfiguration() throws {
        let error = try #require(throws: ServingError.self) {
            try load(nil, databaseURL: "host=db user=app password=secret")
        }
        #expect(error.status.code == 503)
        #expect(error.message == "predict.cgi is misconfigured")
        #expect(error.detail?.contains("MODELPRESS_DATABASE_URL must be a PostgreSQL URI") == true)
        #expect(error.detail?.contains("secret") == false, "\(error.detail ?? "")")
    }

    @Test(arguments: [
        ("postgresql://app:secret@db/modelpress", "postgresql://app:…@db/modelpress"),
        ("postgresql://app@db/modelpress", "postgresql://app@db/modelpress"),
        (
            "postgresql://db/modelpress?user=app&password=secret&sslmode=require",
            "postgresql://db/modelpress?user=app&password=…&sslmode=require"
        ),
        ("postgresql://app:p%40ss@[::1]:5432/m", "postgresql://app:…@[::1]:5432/m"),
    ])
    func messagesNeverShowAPassword(url: String, shown: String) {
        #expect(RequestStore.redacted(url) == shown)
        #expect(RequestStore.postgresql(url: url).description == shown)
    }
}
