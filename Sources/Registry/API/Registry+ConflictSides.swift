import Basics
import Foundation

extension Registry {
    /// A conflict's problem with the commits that added both events and how to resolve it,
    /// where git knows them.
    ///
    /// Which event the rules refuse follows from the log's order (time, tick, id), not from
    /// the branches, so the advice never picks events by it:
    /// - an event that exists at `protected` (`--since REV`, else the branch's upstream) is
    ///   history there and is never the one to remove: the other side's events added since
    ///   then are;
    /// - otherwise, when the two events came with different commits, both sides are named with
    ///   their whole sets (the events of the endpoint that side added and the other lacks, found
    ///   with `git log A ^B`: from the merge's two parents when HEAD merged them), and the advice
    ///   is to remove one set, so that no change is left recorded half by each side.
    /// - Parameter events: every event read, by the file messages name it by.
    func withCommits(_ problem: RegistryError, events: [String: RegistryEvent], protected: String?) -> RegistryError {
        guard case .conflict(let reason, let other, let resolve) = problem.reason, let file = problem.file else {
            return problem
        }
        let this = addingCommit(of: file)
        let that = addingCommit(of: other)
        var problem = problem
        let named = other + (that.map { " (commit \($0.described))" } ?? "")
        let own = this.map { "this event came with commit \($0.described); " } ?? ""
        problem.reason = .conflict(reason, other: named, resolve: own + resolve)
        let endpoint = events[file]?.endpoint
        // The command that makes a dropped change again: this event's, or the other's.
        func again(_ shown: String) -> String {
            events[shown].flatMap(RegistryFiles.redo).map { " with \($0)" } ?? ""
        }
        if case .registeredTwice = reason { return problem }  // its advice names the artifact folder

        // History at the protected revision stays.
        if let revision = protected ?? upstream {
            let thisThere = exists(file, at: revision)
            let otherThere = exists(other, at: revision)
            if thisThere != otherThere {
                let (keep, drop) = thisThere ? (this, that) : (that, this)
                let dropFile = thisThere ? other : file
                let set = sideEvents(of: drop, against: keep, endpoint: endpoint, events: events)
                    .filter { !exists($0, at: revision) }
                let removed = set.isEmpty ? [dropFile] : set
                let whose = thisThere ? "the other side's" : "this side's"
                problem.reason = .conflict(
                    reason, other: named,
                    resolve: own
                        + "\(thisThere ? "this event" : "the other") is already on \(revision) and "
                        + "\(thisThere ? "the other" : "this one") is not: keep \(revision)'s; remove "
                        + "\(whose) events of \(endpoint ?? "the endpoint") added since \(revision) "
                        + "(`git rm \(removed.joined(separator: " "))`) and, if still wanted, make "
                        + "that change again on the merged registry\(again(dropFile))")
                return problem
            }
        }
        // Two commits: name both sides' sets, drop one whole.
        guard let this, let that, this.hash != that.hash else { return problem }
        let ours = sideEvents(of: this, against: that, endpoint: endpoint, events: events)
        let theirs = sideEvents(of: that, against: this, endpoint: endpoint, events: events)
        guard !ours.isEmpty, !theirs.isEmpty else { return problem }
        func count(_ files: [String]) -> String {
            "\(files.count) event\(files.count == 1 ? "" : "s") of \(endpoint ?? "the endpoint")"
        }
        let commands = [("this event's", again(file)), ("the other's", again(other))].filter { !$0.1.isEmpty }
        problem.reason = .conflict(
            reason, other: named,
            resolve: own + "the two sides came with different commits; keep one side whole, not single events "
                + "(removing events of both sides leaves a change recorded half by each): to keep the other side, "
                + "remove this side's \(count(ours)) (`git rm \(ours.joined(separator: " "))`); to keep this side, "
                + "remove the other side's \(count(theirs)) (`git rm \(theirs.joined(separator: " "))`); on a pull "
                + "request, keep the side already on the target branch (`modelpress registry check --since <target "
                + "branch>` names it); then, if still wanted, make the dropped side's change again on the merged "
                + "registry"
                + (commands.isEmpty ? "" : " (" + commands.map { "\($0.0)\($0.1)" }.joined(separator: "; ") + ")"))
        return problem
    }

    /// A commit as messages name it.
    struct Commit {
        var hash: String
        /// `<short hash> by <author>: <subject>`.
        var described: String
    }

    /// The commit that added a file (as messages name it), where git knows it.
    private func addingCommit(of shown: String) -> Commit? {
        guard
            let found = Git.text(
                ["log", "-1", "--diff-filter=A", "--format=%H%n%h by %an: %s", "--", relative(shown)], in: folder),
            let newline = found.firstIndex(of: "\n")
        else { return nil }
        return Commit(hash: String(found[..<newline]), described: String(found[found.index(after: newline)...]))
    }

    /// The branch's upstream (`@{u}`), when it has one.
    private var upstream: String? {
        Git.text(["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}"], in: folder).flatMap {
            $0.isEmpty ? nil : $0
        }
    }

    private func exists(_ shown: String, at revision: String) -> Bool {
        Git.run(["cat-file", "-e", "\(revision):./\(relative(shown))"], in: folder) != nil
    }

    /// The event files of `endpoint`'s status changes and A/B tests that `side`'s branch added
    /// and `other`'s lacks, as messages name them, that are still there. When HEAD is a merge
    /// whose parents hold one commit each, the parents stand for the branches, so that a side
    /// of several commits is found whole; otherwise the two commits do. Registrations are left
    /// out: a version stays registered when its promotion is dropped.
    private func sideEvents(
        of side: Commit?, against other: Commit?, endpoint: String?, events: [String: RegistryEvent]
    ) -> [String] {
        guard let side, let other else { return [] }
        var tips = (side.hash, other.hash)
        if let first = Git.text(["rev-parse", "--verify", "--quiet", "HEAD^1"], in: folder),
            let second = Git.text(["rev-parse", "--verify", "--quiet", "HEAD^2"], in: folder)
        {
            func contains(_ tip: String, _ commit: String) -> Bool {
                Git.run(["merge-base", "--is-ancestor", commit, tip], in: folder) != nil
            }
            let sideInFirst = contains(first, side.hash)
            let sideInSecond = contains(second, side.hash)
            let otherInFirst = contains(first, other.hash)
            let otherInSecond = contains(second, other.hash)
            if sideInFirst, !sideInSecond, otherInSecond, !otherInFirst {
                tips = (first, second)
            } else if sideInSecond, !sideInFirst, otherInFirst, !otherInSecond {
                tips = (second, first)
            }
        }
        guard
            let listing = Git.text(
                [
                    "log", "--diff-filter=A", "--name-only", "--format=", tips.0, "^\(tips.1)", "--",
                    RepositoryLayout.RegistryFile.events.rawValue,
                ],
                in: folder)
        else { return [] }
        let prefix = Git.text(["rev-parse", "--show-prefix"], in: folder) ?? ""
        var files: [String] = []
        for path in listing.split(separator: "\n").map(String.init) where path.hasPrefix(prefix) {
            let shown = "\(displayName)/\(path.dropFirst(prefix.count))"
            guard let event = events[shown], event.endpoint == endpoint || endpoint == nil else { continue }
            switch event.body {
            case .statusChanged, .abStarted, .abStopped: files.append(shown)
            case .registered, .endpointCreated: continue
            }
        }
        return Array(Set(files)).sorted()
    }
}
