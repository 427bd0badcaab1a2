package markdown

import "strings"

// goldmark spends time that grows with the square of the input on a few
// constructs no editor writes: thousands of containers nested on one line
// ("1. 1. 1. …", "> > > …"), thousands of brackets in one paragraph ("[]"
// on every line, "[a" repeated) and link or image openings whose
// destination never closes ("[](" repeated: 200,000 characters of it took
// 45 s). Before parsing, defuse escapes exactly those, with a backslash, so
// that they render as the text they are; anything an editor would write
// renders as before. Fenced code is never touched, and the stored Markdown
// is never changed.
const (
	// maxNesting is the deepest nesting of block quotes and lists a line
	// may open; markers past it are text.
	maxNesting = 8
	// maxDestination is how far after "](" the ")" that closes a link's
	// destination and title may come; an opening with none that near is
	// text. Real links are far shorter.
	maxDestination = 2048
	// maxBrackets is how many "[" one paragraph may open links with; the
	// rest are text. A paragraph of 250 links is already unheard of.
	maxBrackets = 500
)

// defuse returns src with the costly constructs escaped (see above).
func defuse(src string) string {
	if !strings.Contains(src, "](") && strings.Count(src, "[") <= maxBrackets && !deepLine(src) {
		return src
	}
	var b strings.Builder
	b.Grow(len(src) + len(src)/16)
	// nextClose[i] is the index of the first ')' at or after i (len: none).
	nextClose := make([]int32, len(src)+1)
	nextClose[len(src)] = int32(len(src))
	for i := len(src) - 1; i >= 0; i-- {
		if src[i] == ')' {
			nextClose[i] = int32(i)
		} else {
			nextClose[i] = nextClose[i+1]
		}
	}
	fence := ""   // the fence of the code block the line is in, if any
	brackets := 0 // "[" opened in the paragraph so far
	for start := 0; start < len(src); {
		end := strings.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start + 1
		}
		line := src[start:end]
		// Code is shown as typed: nothing in a fenced block is touched.
		if f := fenceOf(line); fence == "" && f != "" || fence != "" && strings.HasPrefix(strings.TrimLeft(line, " "), fence) {
			if fence == "" {
				fence = f
			} else {
				fence = ""
			}
			b.WriteString(line)
			start = end
			continue
		}
		if fence != "" {
			b.WriteString(line)
			start = end
			continue
		}
		if strings.TrimSpace(line) == "" {
			brackets = 0 // a new paragraph
		}
		body := defuseNesting(&b, line)
		at := start + len(line) - len(body)
		for i := 0; i < len(body); i++ {
			c := body[i]
			escaped := i > 0 && body[i-1] == '\\'
			switch {
			case c == '[' && !escaped:
				if brackets++; brackets > maxBrackets {
					b.WriteByte('\\')
				}
			case c == '(' && i > 0 && body[i-1] == ']' && (i < 2 || body[i-2] != '\\'):
				if int(nextClose[at+i])-(at+i) > maxDestination {
					b.WriteByte('\\')
				}
			}
			b.WriteByte(c)
		}
		start = end
	}
	return b.String()
}

// fenceOf returns the fence ("```", "~~~~"…) a line opens a code block
// with, or "".
func fenceOf(line string) string {
	s := strings.TrimLeft(line, " ")
	if len(line)-len(s) > 3 || len(s) < 3 || s[0] != '`' && s[0] != '~' {
		return ""
	}
	n := len(s) - len(strings.TrimLeft(s, s[:1]))
	if n < 3 {
		return ""
	}
	return s[:n]
}

// deepLine reports whether any line opens more than maxNesting containers.
func deepLine(src string) bool {
	for line := range strings.Lines(src) {
		if nesting(line) > maxNesting {
			return true
		}
	}
	return false
}

// nesting counts the block-quote and list markers a line opens.
func nesting(line string) int {
	n := 0
	for {
		rest, ok := container(line)
		if !ok {
			return n
		}
		n++
		line = rest
	}
}

// defuseNesting writes a line's first maxNesting container markers as they
// are and escapes the next one, so that it and what follows are text; it
// returns the rest of the line, still to be written.
func defuseNesting(b *strings.Builder, line string) string {
	for range maxNesting {
		rest, ok := container(line)
		if !ok {
			return line
		}
		b.WriteString(line[:len(line)-len(rest)])
		line = rest
	}
	if _, ok := container(line); ok {
		// Escape the marker's punctuation: "\>", "1\.", "\-".
		i := len(line) - len(strings.TrimLeft(line, " \t"))
		b.WriteString(line[:i])
		line = line[i:]
		j := strings.IndexAny(line, ">.)-*+")
		b.WriteString(line[:j])
		b.WriteByte('\\')
		return line[j:]
	}
	return line
}

// container reports whether line starts (after up to three spaces) with a
// block-quote or list marker, and returns what follows it.
func container(line string) (rest string, ok bool) {
	s := strings.TrimLeft(line, " ")
	if len(line)-len(s) > 3 || s == "" {
		return line, false
	}
	switch c := s[0]; {
	case c == '>':
		return strings.TrimPrefix(s[1:], " "), true
	case c == '-' || c == '*' || c == '+':
		if len(s) > 1 && (s[1] == ' ' || s[1] == '\t') {
			return s[2:], true
		}
	case c >= '0' && c <= '9':
		i := 1
		for i < len(s) && i < 10 && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i < len(s)-1 && (s[i] == '.' || s[i] == ')') && (s[i+1] == ' ' || s[i+1] == '\t') {
			return s[i+2:], true
		}
	}
	return line, false
}
