package content

import "testing"

func TestSlugify(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Turkmenistan: Strengthening the capacity of law enforcement", "turkmenistan-strengthening-the-capacity-of-law-enforcement"},
		{"Торговля людьми: горячая линия «Доверие» — 2011", "torgovlya-lyudmi-goryachaya-liniya-doverie-2011"},
		{"Объём, Щука, Ёлка, Юрий, Яхта, Хива, Цех, Чай", "obyom-shchuka-yolka-yuriy-yakhta-khiva-tsekh-chay"},
		{"Подъезд и съезд", "podezd-i-sezd"},
		{"  --Hello,   World!--  ", "hello-world"},
		{"Türkmenistan ýaşlar", "turkmenistan-yaslar"},
		{"", ""},
	}
	for _, tt := range tests {
		got := Slugify(tt.in)
		if got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if tt.want != "" && !ValidSlug(got) {
			t.Errorf("Slugify(%q) = %q is not a valid slug", tt.in, got)
		}
		if again := Slugify(got); again != got {
			t.Errorf("Slugify not idempotent: %q → %q", got, again)
		}
	}
	long := Slugify("Информационный бюллетень МОМ в Центральной Азии о программах по противодействию торговле людьми")
	if len(long) > MaxSlugLen || !ValidSlug(long) {
		t.Errorf("long slug %q (%d)", long, len(long))
	}
}

func TestValidSlug(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"news-1": true, "a": true, "": false, "-a": false, "a-": false, "a--b": false,
		"A": false, "a_b": false, "а": false, "../x": false, "a b": false,
	} {
		if got := ValidSlug(s); got != want {
			t.Errorf("ValidSlug(%q) = %v", s, got)
		}
	}
}
