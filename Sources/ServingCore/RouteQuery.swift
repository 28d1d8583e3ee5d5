/// The query parameters of predict.cgi's routes that read any: `QueryParameters` refuses every
/// other name, and a JSON key or form field of one of these names is told it belongs in the
/// query (`InputValidator`; trial15 #9: `"explain": true` in a body was only "not a field").
public enum RouteQuery {
    /// `POST /{endpoint}/predict`.
    public static let predict = ["status", "model", "version", "explain"]
    /// `POST /{endpoint}/jobs`.
    public static let jobs = ["skip_invalid", "status", "model", "version", "explain"]
}
