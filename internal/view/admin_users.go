package view

import "time"

// UserRow is an account as the admin's user pages show it.
type UserRow struct {
	ID        int64
	Email     string
	Name      string
	Shown     string // how the admin names them: Name, else Email
	Role      string // admin, editor
	Lang      string
	LangName  string
	CreatedAt time.Time
	Disabled  *time.Time
}

// UserForm is the new-account form as typed.
type UserForm struct {
	Email, Name, Role, Lang string
	// Langs are the languages a new translator edits, as ticked.
	Langs []string
}

// UserList is the data of the accounts page with its create form.
type UserList struct {
	AdminBase
	Users  []UserRow
	Form   UserForm
	Errors map[string]string // field → translated message
	// TranslatorLangs offers the languages a new translator may edit.
	TranslatorLangs []LangChoice
}

// Err returns the translated error of a field, or "".
func (l UserList) Err(field string) string { return l.Errors[field] }

// UserEdit is the data of one account's page.
type UserEdit struct {
	AdminBase
	// TranslatorLangs are the site's languages, Selected for those a
	// translator account edits.
	TranslatorLangs []LangChoice
	NoLanguages     bool // a translator with none of them: they can edit nothing
	Account         UserRow
	Identity        UserForm // the address and name in the form (as typed, after an error)
	Self            bool     // the account is the admin's own: no disabling, no demotion
	// Password is a generated password, shown on this one response only.
	Password string
	Created  bool // the account was just created
	Errors   map[string]string
	// TwoFactor is the account's two-factor login (RecoveryLeft unset).
	TwoFactor TwoFactor
	// Failures are the account's failed logins of the last day.
	Failures Failures
	// DeleteConfirm is the address typed to confirm deleting the account
	// (after a refusal).
	DeleteConfirm string
}

// Failures are an account's recent failed logins: how many, and the newest.
type Failures struct {
	Total  int
	Recent []FailureRow
}

// FailureRow is one failed login: when, and from which client (an IPv6
// client by its /64).
type FailureRow struct {
	When   time.Time
	Client string
}

// Err returns the translated error of a field ("role", "disable"…), or "".
func (e UserEdit) Err(field string) string { return e.Errors[field] }

// AuditList is the data of the audit log page.
type AuditList struct {
	AdminBase
	Rows  []AuditRow
	Users []UserRow // for the user filter
	Types []string  // object types, for the object filter
	// The filter in force (zero: none).
	UserID     int64
	ObjectType string
	ObjectID   int64
	Action     string
	Limit      int
	// Older is the next page (older lines), when there are more; Newest
	// the first page, from a later one.
	Older, Newest string
}

// Filtered reports whether any filter is in force.
func (a AuditList) Filtered() bool { return a.UserID != 0 || a.ObjectType != "" || a.Action != "" }

// AuditRow is one line of the audit log.
type AuditRow struct {
	When       time.Time
	UserID     int64  // 0: the command line
	User       string // their name, else their e-mail address
	UserEmail  string
	Action     string // raw: "entry.update"
	ObjectType string
	ObjectID   int64
	ObjectHref string // the object's admin page, when it has one
	FilterHref string // the audit log of this object alone
	ActionHref string // the audit log of this action alone
	Summary    string
	IP         string
}

// LangChoice is a language in a list of checkboxes.
type LangChoice struct {
	Code, Name string
	Selected   bool
	// Off: a language the site no longer serves, which the account keeps.
	Off bool
}
