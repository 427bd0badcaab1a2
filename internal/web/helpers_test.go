package web_test

import "vestnik/internal/sitetest"

// The site under test (internal/sitetest) and what drives it.
type (
	env    = sitetest.Env
	client = sitetest.Client
)

const (
	baseURL      = sitetest.BaseURL
	testPassword = sitetest.Password
)

var (
	newEnv = sitetest.New
	attr   = sitetest.Attr
	doc    = sitetest.ParseDoc
	formOf = sitetest.FormOf
)
