package store_test

import (
	"context"
	"sync"
	"testing"

	"vestnik/internal/store"
)

// TestUploadMediaConcurrent: the same bytes uploaded at once by several
// editors are stored once, every upload gets that file, and only the one
// that stored it writes an audit line.
func TestUploadMediaConcurrent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := newStore(t)
	data := []byte("%PDF-1.4 same bytes for everyone")
	const n = 8
	var wg sync.WaitGroup
	ids := make([]int64, n)
	stored := make([]bool, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m, s, err := st.UploadMedia(ctx, store.MediaUpload{Filename: "same.pdf", ContentType: "application/pdf", Data: data},
				store.AuditEntry{Action: "media.upload", Summary: "same.pdf"})
			ids[i], stored[i], errs[i] = m.ID, s, err
		}()
	}
	wg.Wait()
	count := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("upload %d: %v", i, errs[i])
		}
		if ids[i] != ids[0] || ids[i] == 0 {
			t.Errorf("upload %d got file %d, want %d", i, ids[i], ids[0])
		}
		if stored[i] {
			count++
		}
	}
	if count != 1 {
		t.Errorf("%d uploads say they stored the file", count)
	}
	log, err := st.AuditLog(ctx, store.AuditFilter{ObjectType: "media", ObjectID: ids[0]})
	if err != nil || len(log) != 1 {
		t.Errorf("audit lines: %d, %v", len(log), err)
	}
	d, err := st.MediaDetail(ctx, ids[0])
	if err != nil || d.Width != nil || d.Size != int64(len(data)) || d.UploadedBy != "" {
		t.Errorf("detail %+v, %v", d, err)
	}
}
