package content

import "testing"

func TestE164(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typed, want string
		ok          bool
	}{
		{"+99312345678", "+99312345678", true},
		{" +993 (12) 34-56.78 ", "+99312345678", true},
		{"+993\u00a0800\u00a01234", "+9938001234", true},
		{"8 800 1234", "88001234", false},     // no country code
		{"+0123456789", "+0123456789", false}, // no country starts with 0
		{"+12345", "+12345", false},           // too short
		{"+1234567890123456", "+1234567890123456", false},
		{"+993 12 34 56 78 ext 5", "+99312345678ext5", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := E164(tt.typed)
		if got != tt.want || ok != tt.ok {
			t.Errorf("E164(%q) = %q, %v; want %q, %v", tt.typed, got, ok, tt.want, tt.ok)
		}
	}
}
