package snippet

// Matches returns the words of text that stem to one of the lexemes, in
// order: the words Make marks (for the test against PostgreSQL's marks).
func (mk *Maker) Matches(text string) []string {
	var found []string
	for _, w := range mk.matched(text) {
		if w.lexeme >= 0 {
			found = append(found, text[w.start:w.end])
		}
	}
	return found
}
