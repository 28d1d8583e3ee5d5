import JSONReading

/// What gradient boosting's early stopping did in one training run, as training.json records
/// it (`early_stopping`): the rounds it kept of those allowed and the validation rows it judged
/// them on (a share of the training rows, `validation_fraction`, never the test rows), so a card
/// can say a version stopped early and on how little, after train's console has scrolled away
/// (trial25 #7).
public struct EarlyStopping: Encodable, Equatable, Sendable {
    /// Boosting rounds the model keeps (a tree per class in each for multiclass).
    public var roundsKept: Int
    /// `max_iterations`: the rounds allowed.
    public var maxRounds: Int
    /// The rows whose loss chose the rounds.
    public var validationRows: Int
    /// The training rows they were drawn from (the trees were fitted on the rest).
    public var trainingRows: Int

    public init(roundsKept: Int, maxRounds: Int, validationRows: Int, trainingRows: Int) {
        self.roundsKept = roundsKept
        self.maxRounds = maxRounds
        self.validationRows = validationRows
        self.trainingRows = trainingRows
    }

    /// Whether it stopped before the rounds allowed.
    public var stoppedEarly: Bool { roundsKept < maxRounds }

    enum CodingKeys: String, CodingKey {
        case roundsKept = "rounds_kept"
        case maxRounds = "max_rounds"
        case validationRows = "validation_rows"
        case trainingRows = "training_rows"
    }

    init(reading reader: inout JSONReader) throws(JSONReadError) {
        var kept: Int?, allowed: Int?, validation: Int?, training: Int?
        try reader.beginObject()
        while let key = try reader.nextKey() {
            switch key {
            case "rounds_kept": kept = try reader.int()
            case "max_rounds": allowed = try reader.int()
            case "validation_rows": validation = try reader.int()
            case "training_rows": training = try reader.int()
            default: try reader.skipValue()
            }
        }
        self.init(
            roundsKept: try reader.required(kept, "rounds_kept"), maxRounds: try reader.required(allowed, "max_rounds"),
            validationRows: try reader.required(validation, "validation_rows"),
            trainingRows: try reader.required(training, "training_rows"))
    }
}
