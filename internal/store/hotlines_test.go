package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"vestnik/internal/store"
	"vestnik/internal/testdb"
)

func errorsIsNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

func TestHotlineEntries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	add := func(e164 string, active bool) int64 {
		t.Helper()
		id, err := st.AddHotline(ctx, store.HotlineEntry{E164: e164, Display: e164, Active: active,
			Label: map[string]string{"en": "L " + e164}, Hours: map[string]string{"ru": "Ч " + e164}},
			store.AuditEntry{Action: "hotline.create"})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	a, b, c := add("+99312000001", true), add("+99312000002", false), add("+99312000003", true)
	order := func() []int64 {
		t.Helper()
		hs, err := st.HotlineEntries(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, h := range hs {
			ids = append(ids, h.ID)
		}
		return ids
	}
	if got := order(); len(got) != 3 || got[0] != a || got[1] != b || got[2] != c {
		t.Fatalf("order %v", got)
	}
	h, err := st.HotlineForEdit(ctx, b)
	if err != nil || h.Active || h.Label["en"] != "L +99312000002" || h.Label["ru"] != "" || h.Hours["ru"] != "Ч +99312000002" {
		t.Fatalf("%+v %v", h, err)
	}
	if moved, err := st.MoveHotline(ctx, c, -1, store.AuditEntry{Action: "hotline.move"}); err != nil || !moved {
		t.Fatal(moved, err)
	}
	if moved, err := st.MoveHotline(ctx, a, -1, store.AuditEntry{Action: "hotline.move"}); err != nil || moved {
		t.Fatal("moved past the top", err)
	}
	if got := order(); got[0] != a || got[1] != c || got[2] != b {
		t.Fatalf("after move %v", got)
	}
	// The public list shows active numbers only, in the new order.
	pub, err := st.Hotlines(ctx, "en")
	if err != nil || len(pub) != 2 || pub[0].ID != a || pub[1].ID != c {
		t.Fatalf("public %+v %v", pub, err)
	}
	if ch, err := st.SetHotlineActive(ctx, b, true, store.AuditEntry{Action: "hotline.activate"}); err != nil || !ch {
		t.Fatal(ch, err)
	}
	if ch, err := st.SetHotlineActive(ctx, b, true, store.AuditEntry{Action: "hotline.activate"}); err != nil || ch {
		t.Fatal("activated twice", err)
	}
	h.Active, h.E164, h.Label["ru"] = true, "+99312000009", "Метка"
	if err := st.UpdateHotline(ctx, h, store.AuditEntry{Action: "hotline.update"}); err != nil {
		t.Fatal(err)
	}
	h, _ = st.HotlineForEdit(ctx, b)
	if h.E164 != "+99312000009" || h.Label["ru"] != "Метка" || h.Label["en"] != "L +99312000002" || !h.Active {
		t.Errorf("updated %+v", h)
	}
	log, _ := st.AuditLog(ctx, store.AuditFilter{ObjectType: "hotline"})
	if len(log) != 6 { // 3 creates, 1 move, 1 activate, 1 update
		t.Errorf("%d audit lines", len(log))
	}
	if _, err := st.HotlineForEdit(ctx, 999999); !errorsIsNotFound(err) {
		t.Errorf("missing: %v", err)
	}
	if _, err := st.MoveHotline(ctx, 999999, 1, store.AuditEntry{Action: "hotline.move"}); !errorsIsNotFound(err) {
		t.Errorf("move missing: %v", err)
	}
	if err := st.UpdateHotline(ctx, store.HotlineEntry{ID: 999999, E164: "+99312000009"}, store.AuditEntry{Action: "x"}); !errorsIsNotFound(err) {
		t.Errorf("update missing: %v", err)
	}
}

// TestHotlineNumberAddedMeanwhile: a number being added in a transaction
// not yet committed is seen by an add of the same number, which waits for
// it and is then refused; so is an edit to that number.
func TestHotlineNumberAddedMeanwhile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := testdb.New(t)
	st := store.New(pool)
	other, err := st.AddHotline(ctx, store.HotlineEntry{E164: "+99312000009", Display: "+99312000009", Active: true},
		store.AuditEntry{Action: "hotline.create"})
	if err != nil {
		t.Fatal(err)
	}
	for name, save := range map[string]func() error{
		"add": func() error {
			_, err := st.AddHotline(ctx, store.HotlineEntry{E164: "+99312000001", Display: "+99312000001", Active: true},
				store.AuditEntry{Action: "hotline.create"})
			return err
		},
		"edit": func() error {
			return st.UpdateHotline(ctx, store.HotlineEntry{ID: other, E164: "+99312000001", Display: "+99312000001", Active: true},
				store.AuditEntry{Action: "hotline.update"})
		},
	} {
		tx, err := pool.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO hotlines (e164, display, position) VALUES ('+99312000001', 'x', 50)`); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- save() }()
		// The save waits for the hotline list's lock; until it does, the
		// first transaction stays open (a save that does not wait ends).
		deadline := time.Now().Add(time.Minute)
		for waiting := false; !waiting; {
			select {
			case err := <-done:
				tx.Rollback(ctx)
				t.Fatalf("%s: the save did not wait for the number being added: %v", name, err)
			default:
			}
			if err := pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
				WHERE c.relname = 'hotlines' AND NOT l.granted)`).Scan(&waiting); err != nil {
				t.Fatal(err)
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: no save waiting", name)
			}
		}
		if err := tx.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if err := <-done; !errors.Is(err, store.ErrConflict) {
			t.Errorf("%s of a number added meanwhile: %v, want ErrConflict", name, err)
		}
		if _, err := pool.Exec(ctx, `DELETE FROM hotlines WHERE e164 = '+99312000001'`); err != nil {
			t.Fatal(err)
		}
	}
}
