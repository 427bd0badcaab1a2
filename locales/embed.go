// Package locales holds one go-i18n TOML file per language (en.toml,
// ru.toml). Adding a language is a row in the languages table and a file here.
package locales

import "embed"

// FS holds the locale files.
//
//go:embed *.toml
var FS embed.FS
