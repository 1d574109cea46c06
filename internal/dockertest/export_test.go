package dockertest

// RemoveStale is removeStale, for the tests.
var RemoveStale = removeStale
