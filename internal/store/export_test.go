package store

// ConnectionLost is connectionLost, for the breaker's tests.
var ConnectionLost = connectionLost
