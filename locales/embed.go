// Package locales holds the go-i18n TOML files of each language: <code>.toml
// and <part>.<code>.toml (en, ru, and tk — Turkmen, shipped turned off).
// Adding a language is a row in the languages table and its files here;
// an admin then turns it on from the admin's languages page.
package locales

import "embed"

// FS holds the locale files.
//
//go:embed *.toml
var FS embed.FS
