import Basics
import Foundation
import TOMLKit

/// The settings in `site/site.toml`.
public struct SiteConfig: Equatable, Sendable {
    public var title: String
    public var description: String
    /// Where the site is served, ending in `/`: a path (`/models/`) or a full URL.
    public var baseURL: String
    /// Where predict.cgi is served, ending in `/`.
    public var cgiURL: String

    public init(
        title: String, description: String = "", baseURL: String = "/", cgiURL: String = "/cgi-bin/predict.cgi/"
    ) {
        self.title = title
        self.description = description
        self.baseURL = Self.withTrailingSlash(baseURL)
        self.cgiURL = Self.withTrailingSlash(cgiURL)
    }

    /// The path part of the base URL (`https://example.org/models/` → `/models/`):
    /// every internal link starts with it.
    public var basePath: String {
        if let components = URLComponents(string: baseURL), components.host != nil {
            return Self.withTrailingSlash(components.path.isEmpty ? "/" : components.path)
        }
        return baseURL.hasPrefix("/") ? baseURL : "/" + baseURL
    }

    /// Reads `file`.
    /// - Throws: `PublishingError` naming the file and the key that is wrong.
    public init(contentsOf file: URL) throws {
        guard let data = FileManager.default.contents(atPath: file.path), let text = TextFile.decode(data) else {
            throw PublishingError(path: file.path, reason: .missingFile)
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw PublishingError(
                path: "\(file.path):\(error.source.begin.line)",
                reason: .invalidConfig(error.description))
        } catch {
            throw PublishingError(path: file.path, reason: .invalidConfig(String(describing: error)))
        }
        func string(_ key: String, default value: String?) throws -> String {
            guard let entry = table[key] else {
                if let value { return value }
                throw PublishingError(path: file.path, reason: .invalidConfig("'\(key)' is required"))
            }
            guard let string = entry.string else {
                throw PublishingError(path: file.path, reason: .invalidConfig("'\(key)' must be a string"))
            }
            return string
        }
        let known: Set<String> = ["title", "description", "base_url", "cgi_url"]
        if let unknown = table.keys.sorted().first(where: { !known.contains($0) }) {
            throw PublishingError(
                path: file.path,
                reason: .invalidConfig(
                    "unknown key '\(unknown)'; expected one of \(known.sorted().joined(separator: ", "))"))
        }
        self.init(
            title: try string("title", default: nil),
            description: try string("description", default: ""),
            baseURL: try string("base_url", default: "/"),
            cgiURL: try string("cgi_url", default: "/cgi-bin/predict.cgi/"))
    }

    private static func withTrailingSlash(_ url: String) -> String {
        url.hasSuffix("/") ? url : url + "/"
    }
}
