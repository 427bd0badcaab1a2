package content

// MenuLink is an item of the site's main menu in one language: a built-in
// section ("news", "newsletters", "hotline"), or a page. Label is the
// editors' (or the page's title); empty for a section, whose own name
// shows.
type MenuLink struct {
	Section, Label, Slug, SystemKey string
}
