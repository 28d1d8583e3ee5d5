/// The known name a mistyped one was most likely meant to be, for "did you mean …?" in messages.
public enum NearestName {
    /// The name of `known` nearest to `name` by edit distance between their folded forms
    /// (`folded`), when it is near enough to be a slip (at most a third of the longer folded
    /// name's characters differ); nil otherwise, and for a `name` that is one of `known`.
    public static func closest(to name: String, in known: [String]) -> String? {
        guard !known.contains(name) else { return nil }
        let typed = Array(folded(name))
        guard !typed.isEmpty else { return nil }
        let scored = known.map { candidate in
            let form = Array(folded(candidate))
            return (candidate, editDistance(typed, form), form.count)
        }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 * 3 <= max(typed.count, best.2) ? best.0 : nil
    }

    /// The one of `known` that `name` was probably meant as: the same letters in another case
    /// (`RANDOM_FOREST`, `Age`), else the same folded form (`Ile de France` for
    /// `Île-de-France`), else a slip (`closest`); nil otherwise, and for a `name` that is one
    /// of `known`.
    public static func meant(by name: String, in known: [String]) -> String? {
        guard !known.contains(name) else { return nil }
        if let sameLetters = known.first(where: { $0.lowercased() == name.lowercased() }) { return sameLetters }
        let form = folded(name)
        if !form.isEmpty, let sameForm = known.first(where: { folded($0) == form }) { return sameForm }
        return closest(to: name, in: known)
    }

    /// `name` as a typo is compared: diacritics removed, lower case, and only letters and
    /// digits kept (spaces, hyphens, underscores, dots and apostrophes dropped), so that
    /// `Ile de France`, `ile-de-france` and `Île-de-France` are one form (trial28 #7).
    ///
    /// Without Foundation (Basics is linked into predict.cgi, whose start-up must not pay for
    /// it): a combining mark is dropped, and a precomposed Latin letter with a diacritic is its
    /// base letter, read from its Unicode name (`LATIN CAPITAL LETTER I WITH CIRCUMFLEX` is `i`;
    /// the Unicode Character Database's names, which the standard library carries).
    static func folded(_ name: String) -> String {
        var form = ""
        for scalar in name.unicodeScalars {
            let properties = scalar.properties
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: continue
            default: break
            }
            if !scalar.isASCII, let base = latinBase(properties.name) {
                form += base
                continue
            }
            let character = Character(scalar)
            if character.isLetter || character.isNumber { form += character.lowercased() }
        }
        return form
    }

    /// The base letter of a Latin letter named `LATIN SMALL|CAPITAL LETTER X WITH …`, lower case.
    private static func latinBase(_ name: String?) -> String? {
        guard let words = name?.split(separator: " "), words.count > 4, words[0] == "LATIN",
            words[1] == "SMALL" || words[1] == "CAPITAL", words[2] == "LETTER", words[3].count == 1,
            words[4] == "WITH"
        else { return nil }
        return words[3].lowercased()
    }

    /// `; did you mean 'NAME'?` for the name `name` was probably meant as (`meant`), else empty:
    /// the ending of a message that refuses `name`.
    public static func hint(for name: String, in known: [String]) -> String {
        meant(by: name, in: known).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Edit distance counting insertions, deletions, substitutions and swaps of two neighbouring
    /// characters as one edit each (the optimal string alignment distance, Damerau's variant
    /// of Levenshtein's): `crad` is one edit from `card`.
    /// - Complexity: O(a × b).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var beforePrevious: [Int] = []
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                var best = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
                if i > 0, j > 0, x == b[j - 1], a[i - 1] == y { best = min(best, beforePrevious[j - 1] + 1) }
                current.append(best)
            }
            beforePrevious = previous
            previous = current
        }
        return previous[b.count]
    }
}
