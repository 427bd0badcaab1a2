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

func TestWords(t *testing.T) {
	t.Parallel()
	mark := func(ls []Line) string {
		s := ""
		for _, l := range ls {
			switch l.Op {
			case Same:
				s += l.Text
			default:
				s += "[" + l.Text + "]"
			}
		}
		return s
	}
	tests := []struct {
		a, b, old, now string
		ok             bool
	}{
		{"Call the hotline before you travel.", "Call the free hotline before you go abroad.",
			"Call the hotline before you [travel].", "Call the [free ]hotline before you [go abroad].", true},
		{"Позвоните на горячую линию.", "Позвоните на горячую линию заранее.",
			"Позвоните на горячую линию.", "Позвоните на горячую линию[ заранее].", true},
		{"Something else entirely", "Nothing in common here at all", "", "", false},
	}
	for _, tt := range tests {
		budget := WordBudget
		old, now, ok := Words(tt.a, tt.b, &budget)
		if ok != tt.ok || ok && (mark(old) != tt.old || mark(now) != tt.now) {
			t.Errorf("Words(%q, %q) = %q, %q, %v; want %q, %q, %v", tt.a, tt.b, mark(old), mark(now), ok, tt.old, tt.now, tt.ok)
		}
	}
}

// TestWordsBudget: word diffs stop once their budget is spent, and the
// lines are then told apart whole.
func TestWordsBudget(t *testing.T) {
	t.Parallel()
	a, b := "one two three four", "one two three five"
	budget := 60 // 7 tokens each side: 49 cells, once
	if _, _, ok := Words(a, b, &budget); !ok || budget != 11 {
		t.Fatalf("within the budget: ok %v, %d left", ok, budget)
	}
	if _, _, ok := Words(a, b, &budget); ok || budget != 11 {
		t.Errorf("past the budget: ok %v, %d left", ok, budget)
	}
}
