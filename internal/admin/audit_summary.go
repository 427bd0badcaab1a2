package admin

import (
	"regexp"
	"strconv"
	"strings"

	"vestnik/internal/i18n"
)

// The audit log keeps summaries as written, some with words and codes
// of their own ("report.pdf (PDF, 588 bytes)", "tk: enabled=false",
// "ed@example.org (translator)"): the page puts those in the reader's
// language. A summary it does not recognise is shown as it is.
var (
	uploadSummary = regexp.MustCompile(`^(.*) \(([^,()]+), (\d+) bytes\)$`)
	userCreated   = regexp.MustCompile(`^(.*) \((admin|editor|translator)\)$`)
)

// auditSummary is an audit line's summary for a reader of t's language.
func auditSummary(t *i18n.Localizer, action, summary string) string {
	switch action {
	case "media.upload":
		if m := uploadSummary.FindStringSubmatch(summary); m != nil {
			n, err := strconv.ParseInt(m[3], 10, 64)
			if err == nil {
				return m[1] + " (" + m[2] + ", " + t.Size(n) + ")"
			}
		}
	case "user.create":
		if m := userCreated.FindStringSubmatch(summary); m != nil {
			return m[1] + " (" + t.Tr("admin.users.role."+m[2]) + ")"
		}
	case "user.role":
		if id := "admin.users.role." + summary; t.Has(id) {
			return t.Tr(id)
		}
	case "setting." + settingKeepOriginals:
		if summary == "true" || summary == "false" {
			return t.Tr("admin.audit.setting." + summary)
		}
	case "language.update":
		return languageSummary(t, summary)
	case "menu.move", "hotline.move":
		if summary == "up" || summary == "down" {
			return t.Tr("admin.audit.move." + summary)
		}
	}
	return summary
}

// languageSummary is languageChange's "tk: enabled=false, position=3" in
// words.
func languageSummary(t *i18n.Localizer, summary string) string {
	code, changes, ok := strings.Cut(summary, ": ")
	if !ok {
		return summary
	}
	var out []string
	for _, c := range strings.Split(changes, ", ") {
		k, v, _ := strings.Cut(c, "=")
		switch {
		case k == "enabled" && (v == "true" || v == "false"), k == "default" && (v == "true" || v == "false"):
			out = append(out, t.Tr("admin.audit.language."+k+"_"+v))
		case k == "name" || k == "position" || k == "ts_config":
			out = append(out, t.Tr("admin.audit.language."+k, "Value", v))
		default:
			return summary // not languageChange's: as it is
		}
	}
	return code + ": " + strings.Join(out, ", ")
}
