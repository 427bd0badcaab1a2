package admin_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"vestnik/internal/i18n"
	"vestnik/locales"
)

// auditActions finds the actions the code writes to the audit log, by
// the ways it names them: auditOf/auditEntryOf's argument, an
// AuditEntry's Action, and the action variables handlers pass on.
var auditActions = []*regexp.Regexp{
	regexp.MustCompile(`audit(?:Entry)?Of\(r, "([a-z_]+\.[a-z_]+)"`),
	regexp.MustCompile(`Action:\s*"([a-z_]+\.[a-z_]+)"`),
	regexp.MustCompile(`Action(?:, \w+)? = "([a-z_]+\.[a-z_]+)"`),
	regexp.MustCompile(`\baction(?:, \w+)? :?= "([a-z_]+\.[a-z_]+)"`),
	regexp.MustCompile(`\baction = [\w.]+, "([a-z_]+\.[a-z_]+)"`),
	regexp.MustCompile(`, "(entry\.[a-z_]+)", "admin\.`),
}

// auditObjectTypes finds the object types the code records.
var auditObjectTypes = regexp.MustCompile(`ObjectType(?:, \w+\.ObjectID)? = "([a-z]+)"|ObjectType:\s*"([a-z]+)"`)

// TestAuditActionsTranslated: every action and object type the code
// records reads as words in the audit log, in every language of the admin.
func TestAuditActionsTranslated(t *testing.T) {
	t.Parallel()
	b, err := i18n.New(locales.FS, []string{"en", "ru", "tk"}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	found, types := map[string]string{}, map[string]string{}
	for _, dir := range []string{"../../internal", "../../cmd"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, re := range auditActions {
				for _, m := range re.FindAllStringSubmatch(string(src), -1) {
					found[m[1]] = path
				}
			}
			for _, m := range auditObjectTypes.FindAllStringSubmatch(string(src), -1) {
				types[m[1]+m[2]] = path
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(found) < 30 {
		t.Fatalf("found only %d audit actions in the code: the patterns no longer match it", len(found))
	}
	if len(types) < 5 {
		t.Fatalf("found only %d object types in the code: the pattern no longer matches it", len(types))
	}
	for typ, path := range types {
		for _, lang := range []string{"en", "ru", "tk"} {
			if !b.Get(lang).Has("admin.audit.type." + typ) {
				t.Errorf("%s: object type %q has no admin.audit.type.%s in %s", path, typ, typ, lang)
			}
		}
	}
	for action, path := range found {
		for _, lang := range []string{"en", "ru", "tk"} {
			if !b.Get(lang).Has("admin.audit.action." + action) {
				t.Errorf("%s: audit action %q has no admin.audit.action.%s in %s", path, action, action, lang)
			}
		}
	}
}
