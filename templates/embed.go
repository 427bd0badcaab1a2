// Package templates holds the html/template files: layout.html, partials/
// and one file per page in pages/. They are parsed once at start (see
// internal/view).
package templates

import "embed"

// FS holds the templates.
//
//go:embed *.html partials/*.html pages/*.html
var FS embed.FS
