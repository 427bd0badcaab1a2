package content

import "testing"

func TestSlugify(t *testing.T) {
	t.Parallel()
	tests := []struct{ lang, in, want string }{
		{"en", "Turkmenistan: Strengthening the capacity of law enforcement", "turkmenistan-strengthening-the-capacity-of-law-enforcement"},
		{"en", "Торговля людьми: горячая линия «Доверие» — 2011", "torgovlya-lyudmi-goryachaya-liniya-doverie-2011"},
		{"en", "Объём, Щука, Ёлка, Юрий, Яхта, Хива, Цех, Чай", "obyom-shchuka-yolka-yuriy-yakhta-khiva-tsekh-chay"},
		{"en", "Подъезд и съезд", "podezd-i-sezd"},
		{"en", "  --Hello,   World!--  ", "hello-world"},
		{"en", "Türkmenistan ýaşlar", "turkmenistan-yaslar"},
		{"tk", "Türkmenistan ýaşlar", "turkmenistan-yashlar"},
		{"en", "", ""},
		{"ru", "20 женщин & 10 мужчин", "20-zhenshchin-i-10-muzhchin"},
		{"en", "Women & men", "women-and-men"},
		{"tk", "Aýallar & erkekler", "ayallar-we-erkekler"},
		{"kk", "Қазақстан", "kazakstan"},
		{"kk", "Әйелдер мен ерлер & балалар", "ayelder-men-erler-zhane-balalar"},
		{"tk", "Aşgabat, Türkmençe, Daşoguz, žurnal, Türkmenbaşy ýaşlar üçin", "ashgabat-turkmenche-dashoguz-zhurnal-turkmenbashy-yashlar-uchin"},
		{"tk", "Türkmenistan: howpsuz göçüş barada maslahat", "turkmenistan-howpsuz-gochush-barada-maslahat"},
		{"de", "A & B", "a-b"},
	}
	for _, tt := range tests {
		got := Slugify(tt.lang, tt.in)
		if got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if tt.want != "" && !ValidSlug(got) {
			t.Errorf("Slugify(%q) = %q is not a valid slug", tt.in, got)
		}
		if again := Slugify(tt.lang, got); again != got {
			t.Errorf("Slugify not idempotent: %q → %q", got, again)
		}
	}
	long := Slugify("ru", "Информационный бюллетень МОМ в Центральной Азии о программах по противодействию торговле людьми")
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
