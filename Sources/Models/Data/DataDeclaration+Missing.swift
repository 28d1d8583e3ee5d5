import Basics
import Foundation

extension DataDeclaration {
    /// The missing markers the command line of `data inspect` and `new` gives: the default ones
    /// (unless `defaults` is false: `--no-default-missing`) followed by `adding` (`--missing`),
    /// each once. `--missing unknown` adds a marker, as the warnings' "declare them missing"
    /// reads (trial17 #1: it replaced the default list, so `NA` and empty cells turned into
    /// values, one column into 74 categories and another into an "identifier" left out). The
    /// pipeline's `missing = [...]` stays the whole list, and `new` writes it whole, so that the
    /// pipeline says every marker training uses.
    public static func missingMarkers(adding: [String], defaults: Bool = true) -> [String] {
        var markers = defaults ? defaultMissing : []
        for marker in adding where !markers.contains(marker) { markers.append(marker) }
        return markers
    }

    /// How to make `markers` the missing markers, as a warning advises: the pipeline's whole
    /// list, and the options of `data inspect` and `new` that give it
    /// (`missingMarkers(adding:defaults:)`).
    func missingAdvice(_ markers: [String]) -> String {
        // No marker can hold a NUL: an argument ends at it, and so does the pipeline's reader
        // (trial37 #1: `"n\u0000l"` declared `n` missing, silently).
        let nul = markers.filter { $0.unicodeScalars.contains("\u{0}") }
        let markers = markers.filter { !$0.unicodeScalars.contains("\u{0}") }
        let keepsDefaults = Self.defaultMissing.allSatisfy(markers.contains)
        let added = keepsDefaults ? markers.filter { !Self.defaultMissing.contains($0) } : markers
        let options = (keepsDefaults ? [] : ["--no-default-missing"]) + added.map(Self.missingOption)
        let advice =
            "missing = \(TOMLText.array(markers)) in [data] (the whole list), or "
            + "\(options.joined(separator: " ")) with data inspect and new"
        guard !nul.isEmpty else { return advice }
        return (added.isEmpty && keepsDefaults ? "" : advice + "; and ")
            + "\(ShortList.text(nul.map { CategoryName.cited($0) })) cannot be declared missing, as no marker can hold "
            + "a NUL: remove the NUL from the file (`tr -d '\\000'`)"
    }

    /// The one line that declares every column's stray values missing at once, after the
    /// columns' warnings when more than one column has some (trial20 #9: each warning's
    /// "whole list" held only its own column's marker, so copying them in turn kept the last).
    /// - Parameters:
    ///   - markers: every value the columns' warnings advise declaring missing, each once.
    ///   - columns: how many columns those warnings are about.
    /// - Returns: nil for fewer than two columns.
    func missingTogether(_ markers: [String], columns: Int) -> String? {
        guard columns > 1 else { return nil }
        return "to declare the values of the \(columns) columns above missing at once: "
            + missingAdvice(missing + markers.filter { !missing.contains($0) })
    }

    /// The `--missing` option for `marker`: `--missing=--1` when the marker starts with `-`
    /// (and is not `-` alone), which the argument parser would take for an option after a space.
    static func missingOption(_ marker: String) -> String {
        marker.hasPrefix("-") && marker != "-" ? "--missing=\(shellWord(marker))" : "--missing \(shellWord(marker))"
    }

    /// `word` as a shell reads it back: as is when it is safe, else in single quotes; a word
    /// holding a character a terminal would act on or not show (`ControlCharacters.isEscaped`)
    /// in bash's and zsh's `$'…'`, that character by its UTF-8 bytes (`\x1b`, `\xc2\x85`), so that
    /// the advice printed never carries it raw (trial36: `--missing` advice from a data file's
    /// cell cleared the screen and set the window's title).
    static func shellWord(_ word: String) -> String {
        if word.unicodeScalars.contains(where: ControlCharacters.isEscaped) {
            var out = "$'"
            for scalar in word.unicodeScalars {
                switch scalar {
                case "'": out += "\\'"
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                // Bytes, not `\u`: bash reads `\u00a0` as text in a C locale (trial37 #4).
                case _ where ControlCharacters.isEscaped(scalar):
                    for byte in String(scalar).utf8 { out += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16) }
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "'"
        }
        let safe =
            !word.isEmpty
            && word.unicodeScalars.allSatisfy { scalar in
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "_-./:@%+,=".unicodeScalars.contains(scalar)
            }
        return safe ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
