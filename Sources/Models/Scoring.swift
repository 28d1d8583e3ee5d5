// Scoring is the part of Models that predict.cgi links (the model file, the schema, one-row
// prediction) without Foundation or swift-crypto; every user of Models sees it as part of Models.
@_exported import Scoring
