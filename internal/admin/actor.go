package admin

import (
	"net/http"

	"vestnik/internal/accounts"
	"vestnik/internal/store"
)

// actor is who makes a change, for the audit log.
func (s *server) actor(r *http.Request) accounts.Actor {
	a := accounts.Actor{IP: s.proxies.ClientIP(r)}
	if u := currentUser(r.Context()); u != nil {
		a.UserID = u.ID
	}
	return a
}

// auditOf starts the audit line of a change the request makes; the store
// method that makes the change fills in the object.
func (s *server) auditOf(r *http.Request, action, summary string) store.AuditEntry {
	a := s.actor(r)
	e := store.AuditEntry{Action: action, Summary: summary}
	if a.UserID != 0 {
		e.UserID = &a.UserID
	}
	if a.IP.IsValid() {
		e.IP = &a.IP
	}
	return e
}

// auditEntryOf is auditOf for a change to an entry.
func (s *server) auditEntryOf(r *http.Request, action string, id int64, summary string) store.AuditEntry {
	a := s.auditOf(r, action, summary)
	a.ObjectType, a.ObjectID = "entry", id
	return a
}
