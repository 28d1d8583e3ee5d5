import Basics

/// A command line that argument parser would misread, said in modelpress's words before it
/// answers with something beside the point, and its suggestions kept to real slips.
struct CommandLineMistake: Error, CustomStringConvertible {
    var description: String

    /// An argument such as `-dash` (trial17 #14: `new -dash …`): argument parser reads it as
    /// the short options `-d -a -s -h`, and with `-h` among them prints the whole help. No
    /// modelpress option is a single letter but `-h`, so it is a name or value that starts with
    /// `-`, which no name may (`VersionID.nameRule`), or a long option missing a dash. Nil when
    /// there is none before `--`; a negative number (`-2`) is a value, not one.
    static func shortOptionGroup(in arguments: [String]) -> CommandLineMistake? {
        guard
            let group = arguments.prefix(while: { $0 != "--" }).first(where: {
                $0.count > 2 && $0.hasPrefix("-") && !$0.hasPrefix("--") && Double($0) == nil
            })
        else { return nil }
        return CommandLineMistake(
            description: "'\(group)' is no option (modelpress options are written --name; -h is the only short "
                + "one), and no name can start with '-' (\(VersionID.nameRule))")
    }

    /// `message` without argument parser's `Did you mean '--root'?` when the option typed is
    /// not near it by `NearestName`'s measure (trial17 #17: `--json` → `--root`, `--bogus` →
    /// `--out`; argument parser suggests any option within 3 edits, whatever their lengths).
    static func withoutFarSuggestion(_ message: String) -> String {
        let prefix = "Unknown option '", middle = "'. Did you mean '", end = "'?"
        guard let start = message.range(of: prefix),
            let between = message.range(of: middle, range: start.upperBound..<message.endIndex),
            let close = message.range(of: end, range: between.upperBound..<message.endIndex)
        else { return message }
        let typed = message[start.upperBound..<between.lowerBound].drop { $0 == "-" }
        let suggested = message[between.upperBound..<close.lowerBound].drop { $0 == "-" }
        guard NearestName.closest(to: String(typed), in: [String(suggested)]) == nil else { return message }
        return message.replacingCharacters(in: between.lowerBound..<close.upperBound, with: "'")
    }

    /// `arguments` with a negative number after a long option joined to it (`--threads -2` →
    /// `--threads=-2`), before `--`: argument parser takes `-2` for an option and answers
    /// "Missing value for '--threads'" (trial17 #17); joined, the option's own check says what
    /// values it takes (`--threads must be at least 1`).
    static func joiningNegativeValues(_ arguments: [String]) -> [String] {
        var joined: [String] = []
        var options = true
        for argument in arguments {
            if argument == "--" { options = false }
            if options, argument.hasPrefix("-"), Double(argument) != nil, let last = joined.last,
                last.hasPrefix("--"), last.count > 2, !last.contains("=")
            {
                joined[joined.count - 1] = last + "=" + argument
            } else {
                joined.append(argument)
            }
        }
        return joined
    }
}
