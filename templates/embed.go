// Package templates holds the html/template files: layout.html, partials/
// and one file per page in pages/; the admin's in admin/. They are parsed once at start (see
// internal/view).
package templates

import "embed"

// FS holds the templates.
//
//go:embed *.html partials/*.html pages/*.html admin/*.html admin/partials/*.html
var FS embed.FS
