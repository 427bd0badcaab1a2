package textdiff

import "testing"

func render(ls []Line) string {
	s := ""
	for _, l := range ls {
		s += []string{" ", "-", "+"}[l.Op] + l.Text + "\n"
	}
	return s
}

func TestLines(t *testing.T) {
	t.Parallel()
	tests := []struct{ a, b, want string }{
		{"", "", ""},
		{"a\nb\nc", "a\nb\nc", " a\n b\n c\n"},
		{"a\nb\nc", "a\nx\nc", " a\n-b\n+x\n c\n"},
		{"", "new", "+new\n"},
		{"old", "", "-old\n"},
		{"Привет\nмир", "Привет\nмир\nи всё", " Привет\n мир\n+и всё\n"},
	}
	for _, tt := range tests {
		if got := render(Lines(tt.a, tt.b)); got != tt.want {
			t.Errorf("Lines(%q, %q) =\n%s\nwant\n%s", tt.a, tt.b, got, tt.want)
		}
	}
}
