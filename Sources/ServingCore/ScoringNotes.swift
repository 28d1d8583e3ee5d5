import Basics
import Scoring

/// What a caller is told about a row that was served, but not as the answering version learned
/// such rows: a category the version never saw in training (the endpoint's schema has it, from
/// another version's training data, so it is accepted; this version scores it as a missing
/// value), a category of its training data that the version does not keep (a field keeps at
/// most 254, the most frequent: scored as a missing value too, trial22 #1), and a number
/// outside the range the answering version's training rows had (`TrainingProfile`, from its
/// training.json: scored as the nearest end of that range, "the largest" or "the smallest",
/// since its trees split only within it; trial24 #1: not the endpoint's first version's range),
/// and a value missing in a field those rows never had missing (the endpoint lets it be missing
/// for another version's sake; its trees send it down each split's default side, which they
/// never learned: trial29 #3). predict.cgi and batch jobs put
/// the notes in each answer's or row's `notes`, as `modelpress predict --json` does; `modelpress
/// predict` also counts them per field, above and below the range apart.
public enum ScoringNotes {
    /// One field of one row served differently from training.
    public struct Note: Equatable, Sendable {
        public enum Kind: Equatable, Sendable {
            /// A category of the endpoint that the version was not trained on.
            case unseenCategory(String)
            /// A category of the version's training data that it does not keep: it keeps
            /// `kept` (the most frequent) and leaves out `left` rarer ones, this among them.
            case categoryNotKept(String, kept: Int, left: Int)
            /// A number outside `trainingMinimum...trainingMaximum`.
            case outsideTrainingRange(Double, trainingMinimum: Double, trainingMaximum: Double)
            /// A missing value of a field that the version's training rows never had missing.
            case missingNeverInTraining
        }

        public var field: String
        public var kind: Kind

        /// The note for a person, naming the version (`churn/random_forest@1.0.0`) that answered.
        public func text(version: String) -> String {
            switch kind {
            case .unseenCategory(let value):
                return "\(field) \(CategoryName.quoted(value)) was not in the training data of \(version); "
                    + "it was scored as a missing value"
            case .categoryNotKept(let value, let kept, let left):
                let which = ScoringNotes.notKept(kept: kept, left: left, version: version)
                return "\(field) \(CategoryName.quoted(value)) is one of the \(which); it was scored as a missing value"
            case .outsideTrainingRange(let value, let low, let high):
                return
                    "\(field) \(numberText(value)) is outside \(ScoringNotes.trainingRange(low, high)); it was \(scoredAs)"
            case .missingNeverInTraining:
                return "\(field) is missing, and it was \(ScoringNotes.neverMissing(version: version))"
            }
        }

        /// How the value was scored, in a few words for a label beside it (`plan = Enterprise
        /// (scored as missing)`, `usage = 300 (scored as the largest (67.9))`) in the answer
        /// page's chart and `modelpress explain`'s text; a range note's `text(version:)` ends with it.
        public var scoredAs: String {
            switch kind {
            case .unseenCategory, .categoryNotKept: return "scored as missing"
            case .missingNeverInTraining: return "never missing in training"
            case .outsideTrainingRange(let value, let low, let high):
                return ScoringNotes.scoredAs(above: value > high, trainingMinimum: low, trainingMaximum: high)
            }
        }
    }

    /// `46 rare categories churn/random_forest@1.0.0 does not keep (it keeps the 254 most
    /// frequent)`: the one wording of a field's categories a version leaves out, for one value
    /// (`Note`) and for a count of them (`modelpress predict`'s note).
    public static func notKept(kept: Int, left: Int, version: String) -> String {
        "\(left) rare categor\(left == 1 ? "y" : "ies") \(version) does not keep (it keeps the \(kept) most frequent)"
    }

    /// `never missing in the training data of churn/gbt@1.0.0: its trees did not learn where a
    /// missing value goes, and sent it down each split's default side`: the one wording of that
    /// fact, for one value (`Note`) and for a count of them (`modelpress predict`, `evaluate`).
    public static func neverMissing(version: String) -> String {
        "never missing in the training data of \(version): its trees did not learn where a missing value goes, "
            + "and sent it down each split's default side"
    }

    /// `the training rows' range (0.6 to 67.9)`, as the notes name it.
    public static func trainingRange(_ minimum: Double, _ maximum: Double) -> String {
        "the training rows' range (\(numberText(minimum)) to \(numberText(maximum)))"
    }

    /// How a number outside the training rows' range `trainingMinimum...trainingMaximum` is
    /// scored: `scored as the largest (67.9)` above it, `scored as the smallest (1)` below it.
    /// The one wording of that fact, for one value (`Note`) and for a count of them
    /// (`modelpress predict`'s note).
    public static func scoredAs(above: Bool, trainingMinimum: Double, trainingMaximum: Double) -> String {
        // The trees send a number past the training rows' range where they send its nearest end.
        above
            ? "scored as the largest (\(numberText(trainingMaximum)))"
            : "scored as the smallest (\(numberText(trainingMinimum)))"
    }

    /// The notes for one validated row (`values` in `schema`'s field order), in field order.
    /// - Parameters:
    ///   - schema: the endpoint's schema (the fields' order and names).
    ///   - model: the version that scored the row.
    ///   - trainingProfile: that version's training profile: the ranges numbers are compared
    ///     with (a field without one gets no range note) and the fields never missing in its
    ///     training rows (a missing value of one gets a note).
    /// - Complexity: O(fields × categories); nothing is allocated for a row without notes.
    public static func notes(
        _ values: [FieldValue], schema: Schema, model: TreeModel, trainingProfile: TrainingProfile
    ) -> [Note] {
        var notes: [Note] = []
        for (field, value) in zip(schema.fields, values) {
            switch value {
            case .category(let category):
                switch model.categoryStanding(category, field: field.name) {
                case .unseen: notes.append(Note(field: field.name, kind: .unseenCategory(category)))
                case .notKept(let kept, let left):
                    notes.append(Note(field: field.name, kind: .categoryNotKept(category, kept: kept, left: left)))
                case .kept, .unused, nil: continue
                }
            case .number(let number):
                guard let range = trainingProfile[field.name], !range.contains(number) else { continue }
                notes.append(
                    Note(
                        field: field.name,
                        kind: .outsideTrainingRange(
                            number, trainingMinimum: range.lowerBound, trainingMaximum: range.upperBound)))
            case .missing:
                guard trainingProfile.neverMissing.contains(field.name) else { continue }
                notes.append(Note(field: field.name, kind: .missingNeverInTraining))
            }
        }
        return notes
    }
}
