package view

import (
	"vestnik/internal/content"
	"vestnik/internal/i18n"
)

// NavItem is a link of the main menu.
type NavItem struct {
	Href, Label string
	// Current: the page shown is in this item's section, or is the item's
	// page; Page: it is the item's own page (aria-current="page", else
	// "true": an article is in News, but is not the News page).
	Current, Page bool
}

// Nav is the main menu of a page in lang: Home, then the links in their
// order. section and path (the page's own) mark the current item.
func Nav(t *i18n.Localizer, lang, section, path string, links []content.MenuLink) []NavItem {
	home := content.SectionPath(lang, "")
	nav := []NavItem{{Href: home, Label: t.Tr("nav.home"), Current: section == "home", Page: section == "home" && path == home}}
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
		it.Page = it.Current && path == it.Href
		nav = append(nav, it)
	}
	return nav
}
