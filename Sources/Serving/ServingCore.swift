// ServingCore is the part of Serving that predict.cgi links (a single prediction, feedback, the
// request log's single-row writes) without Foundation, GRDB or swift-crypto; every user of
// Serving sees it as part of Serving.
@_exported import ServingCore
