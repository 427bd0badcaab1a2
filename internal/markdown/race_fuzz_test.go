//go:build race

package markdown

// The race detector makes rendering 5 to 20 times slower.
func init() { raceSlowdown = 20 }
