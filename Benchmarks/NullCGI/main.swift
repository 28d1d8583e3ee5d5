// The do-nothing CGI that `make bench-cgi` compares predict.cgi with: built the same way
// (release, same flags), it answers every request with a fixed JSON body and exits.
#if canImport(Glibc)
    import Glibc
#endif

let response = Array(
    "Status: 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"status\":\"OK\"}".utf8)
response.withUnsafeBytes { buffer in
    _ = write(STDOUT_FILENO, buffer.baseAddress, buffer.count)
}
