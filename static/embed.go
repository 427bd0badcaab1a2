// Package static holds the public stylesheet and images, embedded in the
// binary and served under content-hashed names (see internal/assets).
package static

import "embed"

// FS holds the static files.
//
//go:embed *.css *.svg *.js
var FS embed.FS
