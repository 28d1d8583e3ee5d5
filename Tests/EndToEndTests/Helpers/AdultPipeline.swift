/// The `[data]` table declaring the UCI Adult files as research/pipelines/income_*.toml do (no
/// header row, ", " between cells, a "|" comment line in adult.test), for the pipelines tests
/// write; keys of their own may follow it in the table.
enum AdultPipeline {
    static let data = """
        [data]
        training = "research/data/adult/adult.data"
        test = "research/data/adult/adult.test"
        header = [
            "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
            "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country",
            "income",
        ]
        label = "income"
        separator = ","
        trim_spaces = true
        comment = "|"
        """
}
