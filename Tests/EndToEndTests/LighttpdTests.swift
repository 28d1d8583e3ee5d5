import Foundation
import Testing

/// The published site and predict.cgi served by a real lighttpd on a free loopback port.
@Suite(.serialized) struct LighttpdTests {
    @Test func servesThePageAndHealth() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let site = folder.url.appendingPathComponent("site")
        try FileManager.default.copyItem(
            at: Executables.repositoryRoot.appendingPathComponent("site"), to: site)
        try? FileManager.default.removeItem(at: site.appendingPathComponent("public"))
        let publish = try run(Executables.modelpress, ["publish", "--site", site.path])
        try #require(publish.status == 0, "publish failed: \(publish.errorOutput)")

        try LighttpdServer.with(
            site: site.appendingPathComponent("public"), cgi: Executables.predictCGI, state: folder.url
        ) { server in
            let page = try server.get("/")
            #expect(page.status == 200)
            #expect(page.header("Content-Type") == "text/html; charset=utf-8")
            #expect(page.body.contains("<h1 id=\"models\">Models</h1>"))
            #expect(page.body.contains("href=\"/assets/style.css\""))

            let css = try server.get("/assets/style.css")
            #expect(css.status == 200)
            #expect(css.body.contains("prefers-color-scheme: dark"))

            let health = try server.get("/cgi-bin/predict.cgi/health")
            #expect(health.status == 200)
            #expect(health.header("Content-Type") == "application/json; charset=utf-8")
            #expect(health.body == "{\"status\":\"OK\",\"service\":\"predict.cgi\"}")

            let missing = try server.get("/cgi-bin/predict.cgi/nowhere")
            #expect(missing.status == 404)
            #expect(missing.body.contains("\"status\":\"Error\""))
        }
    }

    @Test func serverIsStoppedWhenTheBodyThrows() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let site = folder.url.appendingPathComponent("public")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        try Data("<!DOCTYPE html><title>x</title>".utf8).write(to: site.appendingPathComponent("index.html"))
        struct Boom: Error {}
        var port = 0
        #expect(throws: Boom.self) {
            try LighttpdServer.with(site: site, cgi: Executables.predictCGI, state: folder.url) { server in
                port = server.port
                #expect(try server.get("/").status == 200)
                throw Boom()
            }
        }
        #expect(port > 0)
        #expect(!LighttpdServer.accepts(port: port), "lighttpd still listens on \(port) after the test")
    }
}
