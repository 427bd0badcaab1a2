package store

// ConnectionLost is connectionLost, for the breaker's tests.
var ConnectionLost = connectionLost

// Checks is how many times the breaker has checked whether the database
// answers.
func Checks(s *Store) int64 { return s.brk.checks.Load() }
