// Endpoints, versions, status events and A/B tests as files in git (issue #5).
