import ArgumentParser
import Basics
import Foundation
import Registry

/// The repository root: the folder holding `research/`, found from the current folder upwards
/// as git finds `.git`, so that every command works from any subfolder of a repository and
/// none quietly does nothing outside one.
///
/// The rule for every command: it looks for the repository in `run()`, before any other file,
/// and never in `validate()`: argument parser calls `validate()` before it reports an unknown
/// option, so outside a repository `--bogus` was reported as not being in one (trial16 #4).
/// The command line is judged first (exit status 64), then the repository (1). `RegistryOptions`
/// finds it on first use; RepositoryRootTests runs every subcommand outside one.
enum RepositoryRoot {
    /// The nearest folder from `folder` upwards that holds a `research/` folder, and every
    /// folder looked in, nearest first.
    static func find(from folder: String) -> (root: String?, searched: [String]) {
        find(from: folder, holding: "research", folderOnly: true)
    }

    /// The nearest folder from `folder` upwards that holds `name` (a folder when `folderOnly`),
    /// and every folder looked in, nearest first.
    private static func find(
        from folder: String, holding name: String, folderOnly: Bool
    ) -> (
        root: String?, searched: [String]
    ) {
        var searched: [String] = []
        var current = URL(fileURLWithPath: folder).standardizedFileURL
        while true {
            searched.append(current.path)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(
                atPath: current.appendingPathComponent(name).path, isDirectory: &isFolder),
                isFolder.boolValue || !folderOnly
            {
                return (current.path, searched)
            }
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { return (nil, searched) }
            current = parent
        }
    }

    /// `explicit` (a `--root` the user gave) when there is one, else the root found from the
    /// current folder ("." when that is the root).
    /// - Parameter starting: for `new`, which starts a repository: with no `research/` folder
    ///   from here upwards, the git work tree here (the nearest folder holding `.git`), else the
    ///   current folder, instead of failing.
    /// - Throws: `CommandFailure` saying where it looked, when there is none.
    static func resolve(_ explicit: String?, starting: Bool = false) throws -> String {
        if let explicit { return explicit }
        let here = FileManager.default.currentDirectoryPath
        let (root, searched) = find(from: here)
        // "." keeps messages short (research/registry: ok) when run from the root itself.
        func shown(_ root: String) -> String {
            root == URL(fileURLWithPath: here).standardizedFileURL.path ? "." : root
        }
        if let root { return shown(root) }
        if starting { return shown(find(from: here, holding: ".git", folderOnly: false).root ?? here) }
        throw CommandFailure(
            "not inside a modelpress repository: no research/ folder in \(searched.joined(separator: ", ")); "
                + "run modelpress in the repository (or a folder under it) or pass --root; `modelpress new` "
                + "starts a repository")
    }

    /// `relative` under `root` as a path ("site" under "." is "site").
    static func path(_ relative: String, under root: String) -> String {
        root == "." ? relative : root + "/" + relative
    }
}

extension RepositoryRoot {
    /// Why `reference` has no model file at `path`, for the user: an endpoint or a version the
    /// registry does not know is named as such (with what it has), not as something to train.
    static func missingArtifactMessage(_ reference: VersionID, at path: String, root: String) -> String {
        if let unknown = unregisteredMessage(reference, root: root, lacking: "no model at \(path)") { return unknown }
        return "\(reference) has no model at \(path); train it with `modelpress train`"
    }

    /// Why `reference` is not in the registry at `root`, with a "did you mean" (another letter
    /// case, a slip: `RegistryError.suggesting`); nil when the registry has it or cannot be read.
    /// - Parameter lacking: what `reference` lacks besides ("no model at PATH"), said with the
    ///   advice to train when it is a version of a known endpoint.
    static func unregisteredMessage(_ reference: VersionID, root: String, lacking: String) -> String? {
        guard let state = try? Registry(folder: nil, root: root).load() else { return nil }
        if state.endpoints[reference.endpoint] == nil {
            // The likely name first; the whole list (60 names make a 566-character line) only
            // when there is none (trial21 #4).
            if let suggestion = RegistryError(reason: .unknownVersion(reference)).suggesting(in: state).suggestion {
                return "unknown endpoint '\(reference.endpoint)' in \(reference); did you mean '\(suggestion)'?"
            }
            let known = state.endpointNames.isEmpty ? "none" : state.endpointNames.joined(separator: ", ")
            return "unknown endpoint '\(reference.endpoint)' in \(reference): the registry's endpoints are \(known)"
        }
        guard !state.allVersions.contains(where: { $0.id == reference }) else { return nil }
        let known = state.versions(of: reference.endpoint).map(\.id.shortName)
        let suggestion = RegistryError(reason: .unknownVersion(reference)).suggesting(in: state).suggestion
        return "\(reference) is not a registered version (\(reference.endpoint) has "
            + "\(known.isEmpty ? "none" : known.joined(separator: ", "))) and has \(lacking); "
            + (suggestion.map { "did you mean '\($0)'?" } ?? "if its pipeline is new, train it with `modelpress train`")
    }
}
