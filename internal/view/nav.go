package view

import (
	"vestnik/internal/content"
	"vestnik/internal/i18n"
)

// NavItem is a link of the main menu.
type NavItem struct {
	Href, Label string
	Current     bool // the page shown is this item's (aria-current)
}

// Nav is the main menu of a page in lang: Home, then the links in their
// order. section and path (the page's own) mark the current item.
func Nav(t *i18n.Localizer, lang, section, path string, links []content.MenuLink) []NavItem {
	nav := []NavItem{{Href: content.SectionPath(lang, ""), Label: t.Tr("nav.home"), Current: section == "home"}}
	for _, l := range links {
		it := NavItem{Label: l.Label}
		if l.Section != "" {
			it.Href = content.SectionPath(lang, l.Section)
			if it.Label == "" {
				it.Label = t.Tr("nav." + l.Section)
			}
			it.Current = section == l.Section
		} else {
			it.Href = content.EntryPath(lang, content.KindPage, l.Slug, l.SystemKey)
			it.Current = path == it.Href
		}
		nav = append(nav, it)
	}
	return nav
}
