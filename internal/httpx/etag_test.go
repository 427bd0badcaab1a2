package httpx_test

import (
	"strings"
	"testing"

	"vestnik/internal/httpx"
)

// TestETag: the same bytes give the same quoted tag, wherever it is
// computed; a byte changed anywhere, or one more, gives another.
func TestETag(t *testing.T) {
	page := []byte(strings.Repeat("<p>Горячая линия: 8 800 …</p>\n", 400))
	tag := httpx.ETag(page)
	if len(tag) != 18 || tag[0] != '"' || tag[17] != '"' {
		t.Fatalf("ETag %s: want 16 hex digits in quotes", tag)
	}
	if again := httpx.ETag(append([]byte(nil), page...)); again != tag {
		t.Errorf("the same bytes: %s, then %s", tag, again)
	}
	seen := map[string]int{tag: -1}
	for _, i := range []int{0, 1, len(page) / 2, len(page) - 1} {
		changed := append([]byte(nil), page...)
		changed[i] ^= 1
		if other := httpx.ETag(changed); seen[other] != 0 {
			t.Errorf("byte %d changed: ETag %s, as another version's", i, other)
		} else {
			seen[other] = i + 1
		}
	}
	if longer := httpx.ETag(append(page, ' ')); longer == tag {
		t.Errorf("a byte more: the same ETag %s", tag)
	}
}
