package view

import (
	"fmt"
	"html/template"
	"strings"
	"sync"
)

// Some parts of a page are the same for every visitor until their content
// changes, and their partials read nothing but the value they are given:
// a teaser (news_teaser, given a Teaser), the trail above an article's
// title (trail, given a Trail) and the home page's latest issue
// (issue_box, given an IssueBox). Pages print them with the teaser, trail
// and issueBox template functions, which render a value once and reuse the
// HTML while it stays among the last fragmentsKept rendered: a list then
// executes one function per teaser instead of the partial's dozen
// actions, each an escaper called through reflection. A value changed in
// any field is another key, so nothing kept can be out of date; dev mode,
// where templates are read on every render, keeps nothing.
const fragmentsKept = 256

// The values fragments are kept by are map keys: a slice or a map in one
// of them would compile, and panic when first rendered.
func keyable[T comparable]() {}

var _, _, _ = keyable[Teaser], keyable[Trail], keyable[IssueBox]

// fragmentKey is a partial's name and the (comparable) value it renders.
type fragmentKey struct {
	name string
	v    any
}

// fragmentMemo is the rendered fragments, by key. A full memo forgets one
// at random for each new one: a crawler walking old list pages takes
// room from the home page's teasers only now and then, and they cost one
// render to bring back.
type fragmentMemo struct {
	mu sync.Mutex
	m  map[fragmentKey]template.HTML
}

func (m *fragmentMemo) get(k fragmentKey) (template.HTML, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	h, ok := m.m[k]
	return h, ok
}

func (m *fragmentMemo) put(k fragmentKey, h template.HTML) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.m == nil {
		m.m = make(map[fragmentKey]template.HTML, fragmentsKept)
	}
	if _, ok := m.m[k]; !ok && len(m.m) >= fragmentsKept {
		for k := range m.m {
			delete(m.m, k)
			break
		}
	}
	m.m[k] = h
}

// fragment renders the partial name of public (the public layout the
// calling page was cloned from) with v.
func (r *Renderer) fragment(public *template.Template, name string, v any) (template.HTML, error) {
	k := fragmentKey{name, v}
	if !r.dev {
		if h, ok := r.fragments.get(k); ok {
			return h, nil
		}
	}
	h, err := part(public, name, v)
	if err == nil && !r.dev {
		r.fragments.put(k, h)
	}
	return h, err
}

// part renders the partial name of public with v.
func part(public *template.Template, name string, v any) (template.HTML, error) {
	var b strings.Builder
	if err := public.ExecuteTemplate(&b, name, v); err != nil {
		return "", fmt.Errorf("view: %s: %w", name, err)
	}
	return template.HTML(b.String()), nil //nolint:gosec // executed by html/template
}

// fragmentFuncs are the template functions that print fragments, bound
// to the public layout of one parse.
func (r *Renderer) fragmentFuncs(public **template.Template) template.FuncMap {
	return template.FuncMap{
		"teaser":   func(t Teaser) (template.HTML, error) { return r.fragment(*public, "news_teaser", t) },
		"trail":    func(t Trail) (template.HTML, error) { return r.fragment(*public, "trail", t) },
		"issueBox": func(b IssueBox) (template.HTML, error) { return r.fragment(*public, "issue_box", b) },
	}
}
