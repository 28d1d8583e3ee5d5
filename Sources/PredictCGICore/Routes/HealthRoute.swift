/// `GET /health`: liveness, without reading the deployment.
enum HealthRoute {
    static func respond() -> CGIResponse {
        // For HEAD the server drops the body and keeps the headers (RFC 3875 §4.3.3).
        .json(200, "OK", "{\"status\":\"OK\",\"service\":\"predict.cgi\"}")
    }
}
