package mail_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"vestnik/internal/mail"
	"vestnik/internal/mailtest"
	"vestnik/internal/poll"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
	"vestnik/internal/testdb"
)

// world is a database with the demo content, subscribers, and an SMTP
// server to send to.
type world struct {
	t      *testing.T
	st     *store.Store
	pool   *pgxpool.Pool
	dbURL  string
	smtp   *mailtest.Server
	issue  int64
	titles map[string]string // the issue's title per language
	// cancelled is closed when a stop has cancelled a sender (it then
	// waits for the sender to finish its message).
	cancelled chan struct{}
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	pool, dbURL := testdb.NewDemoWithURL(t)
	st := store.New(pool)
	w := &world{t: t, st: st, pool: pool, dbURL: dbURL, smtp: mailtest.Start(t), titles: map[string]string{}, cancelled: make(chan struct{})}
	for _, lang := range []string{"en", "ru"} {
		n, err := st.LatestNewsletter(ctx, lang)
		if err != nil {
			t.Fatal(err)
		}
		w.issue, w.titles[lang] = n.ID, n.Title
	}
	return w
}

// subscribe adds confirmed subscribers: count of them in lang.
func (w *world) subscribe(lang string, count int) []string {
	w.t.Helper()
	var out []string
	for i := range count {
		email := fmt.Sprintf("%s%02d@example.org", lang, i)
		if _, err := w.st.Subscribe(context.Background(), email, lang, time.Now()); err != nil {
			w.t.Fatal(err)
		}
		out = append(out, email)
	}
	return out
}

func (w *world) send(langs ...string) {
	w.t.Helper()
	if _, err := w.st.EnqueueIssue(context.Background(), w.issue, langs, 0, store.AuditEntry{Action: "newsletter.send"}); err != nil {
		w.t.Fatal(err)
	}
}

// sender runs a sender on st until the test ends or stop is called; stop
// returns once it has finished its message.
func (w *world) sender(st *store.Store, cfg mail.SenderConfig) (stop func()) {
	w.t.Helper()
	base, _ := url.Parse("https://iom.example.org")
	sg, _, err := mail.SignerFor(context.Background(), st, "")
	if err != nil {
		w.t.Fatal(err)
	}
	c, err := mail.NewComposer(mail.ComposerConfig{Bundle: bundle(w.t), BaseURL: base, Signer: sg})
	if err != nil {
		w.t.Fatal(err)
	}
	if cfg.Transport == nil {
		tr, err := mail.NewSMTP(w.smtp.URL, "iom.example.org", 5*time.Second)
		if err != nil {
			w.t.Fatal(err)
		}
		cfg.Transport = tr
	}
	cfg.Store, cfg.Composer = st, c
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if cfg.Poll == 0 {
		cfg.Poll = 10 * time.Millisecond
	}
	s, err := mail.NewSender(cfg)
	if err != nil {
		w.t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case <-w.cancelled:
			default:
				close(w.cancelled)
			}
			select {
			case <-done:
			case <-time.After(time.Minute):
				w.t.Error("sender did not stop")
			}
		})
	}
	w.t.Cleanup(stop)
	return stop
}

// waitQueueDone waits until no delivery in langs is pending; the deadline
// is reached only by a hang.
func (w *world) waitQueueDone(langs ...string) {
	w.t.Helper()
	sitetest.Eventually(w.t, time.Minute, "the queue empties", func() bool {
		pending := 0
		for _, lang := range langs {
			pending += w.progress(lang).Pending
		}
		return pending == 0
	})
}

// progress counts the issue's messages by status in one language.
func (w *world) progress(lang string) store.SendProgress {
	w.t.Helper()
	p, err := w.st.IssueProgress(context.Background(), w.issue)
	if err != nil {
		w.t.Fatal(err)
	}
	return p[lang]
}

// checkOnce checks that every address got exactly one message, the
// edition of its language.
func (w *world) checkOnce(byLang map[string][]string) {
	w.t.Helper()
	total := 0
	for lang, addrs := range byLang {
		for _, a := range addrs {
			got := w.smtp.To(a)
			if len(got) != 1 {
				w.t.Errorf("%s received %d messages", a, len(got))
				continue
			}
			if got[0].Subject() != w.titles[lang] || got[0].Header.Get("Content-Language") != lang {
				w.t.Errorf("%s received %q (%s), want the %s edition", a, got[0].Subject(), got[0].Header.Get("Content-Language"), lang)
			}
		}
		total += len(addrs)
	}
	if n := len(w.smtp.Messages()); n != total {
		w.t.Errorf("the server received %d messages, want %d", n, total)
	}
	// As received: the headers and parts every issue has; the Message-ID
	// the queue recorded.
	ids := map[string]bool{}
	for _, m := range w.smtp.Messages() {
		h := m.Header
		id := strings.Trim(h.Get("Message-Id"), "<>")
		var recorded int
		w.pool.QueryRow(context.Background(), `SELECT count(*) FROM mail_queue WHERE message_id = $1 AND status = 'sent'`, id).Scan(&recorded)
		if id == "" || ids[id] || recorded != 1 {
			w.t.Errorf("Message-ID %q: duplicate or not recorded (%d)", id, recorded)
		}
		ids[id] = true
		if _, err := h.Date(); err != nil {
			w.t.Errorf("Date: %v", err)
		}
		if !strings.HasPrefix(h.Get("List-Unsubscribe"), "<https://iom.example.org/") || h.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
			w.t.Errorf("list headers: %q %q", h.Get("List-Unsubscribe"), h.Get("List-Unsubscribe-Post"))
		}
		if !strings.HasPrefix(h.Get("Content-Type"), "multipart/alternative;") || m.Text() == "" || m.HTML() == "" || len(m.Parts) != 2 {
			w.t.Errorf("MIME: %q, %d parts", h.Get("Content-Type"), len(m.Parts))
		}
	}
}

// TestSignerFor: without SECRET_KEY every instance gets the key generated
// once and kept in the database; with it, that key.
func TestSignerFor(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	a, generated, err := mail.SignerFor(ctx, w.st, "")
	if err != nil || !generated {
		t.Fatal(err)
	}
	pool, err := pgxpool.New(ctx, w.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	b, _, err := mail.SignerFor(ctx, store.New(pool), "")
	if err != nil {
		t.Fatal(err)
	}
	if id, err := b.ParseManage(a.ManageToken(9)); err != nil || id != 9 {
		t.Errorf("two instances disagree: %v", err)
	}
	c, generated, err := mail.SignerFor(ctx, w.st, strings.Repeat("k", 32))
	if err != nil || generated {
		t.Fatal(err)
	}
	if _, err := c.ParseManage(a.ManageToken(9)); err == nil {
		t.Error("SECRET_KEY ignored")
	}
	var n int
	w.pool.QueryRow(ctx, `SELECT count(*) FROM settings WHERE key = $1 AND length(value) = 64`, mail.SecretSetting).Scan(&n)
	if n != 1 {
		t.Errorf("%d generated keys stored", n)
	}
}

// TestSenderRestart: a sender stopped in the middle of a send finishes the
// message it is sending; a new sender on the same database sends the
// rest. Nobody is lost, nobody gets the issue twice, and each language
// gets its own edition only.
func TestSenderRestart(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	subs := map[string][]string{"en": w.subscribe("en", 8), "ru": w.subscribe("ru", 4)}
	w.send("en", "ru")
	w.send("en", "ru") // a second click queues nobody twice

	arrived, release := make(chan struct{}), make(chan struct{})
	var n int
	var mu sync.Mutex
	w.smtp.OnData(func(string) error {
		mu.Lock()
		n++
		fifth := n == 5
		mu.Unlock()
		if fifth {
			close(arrived)
			<-release
		}
		return nil
	})
	stopA := w.sender(w.st, mail.SenderConfig{})
	select {
	case <-arrived:
	case <-time.After(time.Minute):
		t.Fatal("the fifth message never arrived")
	}
	// Shutdown while the fifth message is on the wire: the stop cancels
	// the sender at once, then waits for it; the message goes on only
	// after the cancel.
	stopped := make(chan struct{})
	go func() { stopA(); close(stopped) }()
	<-w.cancelled
	close(release)
	<-stopped
	if got := len(w.smtp.Messages()); got != 5 {
		t.Fatalf("after the stop the server has %d messages, want 5", got)
	}
	en, ru := w.progress("en"), w.progress("ru")
	if en.Sent+ru.Sent != 5 || en.Pending+ru.Pending != 7 {
		t.Fatalf("after the stop: en %+v ru %+v", en, ru)
	}

	// A new instance: its own pool on the same database.
	pool, err := pgxpool.New(context.Background(), w.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	w.sender(store.New(pool), mail.SenderConfig{})
	w.smtp.Wait(t, 12, time.Minute)
	// Nothing more arrives: the queue is done.
	w.waitQueueDone("en", "ru")
	w.checkOnce(subs)
	if en, ru := w.progress("en"), w.progress("ru"); en.Sent != 8 || ru.Sent != 4 || en.Pending+ru.Pending+en.Failed+ru.Failed != 0 {
		t.Errorf("at the end: en %+v ru %+v", en, ru)
	}
}

// TestSenderCrash: an instance that dies while the SMTP server has not yet
// accepted a message (its database session and its SMTP connection gone)
// leaves the message due; the next sender delivers it, once.
func TestSenderCrash(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	subs := map[string][]string{"en": w.subscribe("en", 3)}
	w.send("en")

	cfg, err := pgxpool.ParseConfig(w.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "doomed-sender"
	doomed, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(doomed.Close)

	arrived, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	w.smtp.OnData(func(string) error {
		first := false
		once.Do(func() { first = true })
		if !first {
			return nil
		}
		close(arrived)
		<-release
		// The client vanished before the end of DATA: nothing delivered.
		return mailtest.Temporary("connection lost")
	})
	stop := w.sender(store.New(doomed), mail.SenderConfig{})
	<-arrived
	// kill -9: the database session goes, taking the claim with it.
	if _, err := w.pool.Exec(context.Background(),
		`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'doomed-sender'`); err != nil {
		t.Fatal(err)
	}
	close(release)
	stop()
	if got := w.progress("en"); got.Sent != 0 || got.Pending != 3 {
		t.Fatalf("after the crash: %+v", got)
	}
	w.smtp.OnData(nil)
	w.sender(w.st, mail.SenderConfig{})
	w.smtp.Wait(t, 3, 20*time.Second)
	// Every delivery recorded: no sender has anything left to send, so a
	// duplicate could only already be here.
	w.waitQueueDone("en")
	w.checkOnce(subs)
}

// TestSenderRetries: a temporary refusal (4xx) is retried with backoff
// until it is accepted; a permanent one (5xx) is marked failed at once,
// with the server's answer; the subscriber who left before their turn is
// skipped.
func TestSenderRetries(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.subscribe("en", 1) // en00: delivered at once
	for _, a := range []string{"flaky@example.org", "gone@example.org", "left@example.org"} {
		if _, err := w.st.Subscribe(context.Background(), a, "en", time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	w.smtp.OnRcpt(func(to string, n int) error {
		switch {
		case to == "flaky@example.org" && n <= 2:
			return mailtest.Temporary("greylisted, try again later")
		case to == "gone@example.org":
			return mailtest.Permanent("no such mailbox")
		}
		return nil
	})
	w.send("en")
	left, _, _ := w.st.Subscribers(context.Background(), store.SubscriberFilter{Query: "left@"})
	if _, err := w.st.Unsubscribe(context.Background(), left[0].ID); err != nil {
		t.Fatal(err)
	}
	w.sender(w.st, mail.SenderConfig{RetryBase: 30 * time.Millisecond})
	w.smtp.Wait(t, 2, time.Minute)
	poll.Until(time.Minute, func() bool { return w.progress("en").Pending == 0 })
	p := w.progress("en")
	if p.Sent != 2 || p.Failed != 1 || p.Skipped != 1 || p.Pending != 0 {
		t.Fatalf("progress %+v", p)
	}
	if len(w.smtp.To("flaky@example.org")) != 1 || len(w.smtp.To("gone@example.org")) != 0 || len(w.smtp.To("left@example.org")) != 0 {
		t.Error("wrong deliveries")
	}
	problems, err := w.st.IssueProblems(context.Background(), w.issue, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || problems[0].To != "gone@example.org" || problems[0].Status != "failed" ||
		problems[0].Attempts != 1 || !strings.Contains(problems[0].Error, "550") || strings.Contains(problems[0].Error, "gone@") {
		t.Errorf("problems %+v", problems)
	}
	var attempts int
	if err := w.pool.QueryRow(context.Background(), `SELECT q.attempts FROM mail_queue q
		JOIN subscribers s ON s.id = q.subscriber_id WHERE s.email = 'flaky@example.org'`).Scan(&attempts); err != nil || attempts != 3 {
		t.Errorf("flaky: %d attempts, %v", attempts, err)
	}
}

// TestSenderRate: a rate of 600 a minute spaces messages 100 ms apart.
func TestSenderRate(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.subscribe("en", 4)
	w.send("en")
	start := time.Now()
	w.sender(w.st, mail.SenderConfig{Rate: 600})
	w.smtp.Wait(t, 4, 20*time.Second)
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("4 messages in %s at 600 a minute", d)
	}
}

// TestSenderHoldsOnRefusedLogin: when the server refuses the login, the
// queue waits: the message tried stays pending with no attempt counted,
// the others are not tried (each would have waited hours of retries to
// fail, and failed, an issue is never sent to them again), and once the
// login is right they all go.
func TestSenderHoldsOnRefusedLogin(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.smtp.RequireLogin("mailer", "right password")
	addrs := w.subscribe("en", 3)
	w.send("en")
	transport := func(password string) mail.Transport {
		u := *w.smtp.URL
		u.User = url.UserPassword("mailer", password)
		tr, err := mail.NewSMTP(&u, "iom.example.org", 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	stop := w.sender(w.st, mail.SenderConfig{Transport: transport("wrong password"), RetryBase: time.Millisecond, LoginPause: time.Hour})
	var tried int
	sitetest.Eventually(t, time.Minute, "the sender tries a message", func() bool {
		w.pool.QueryRow(context.Background(), `SELECT count(*) FROM mail_queue WHERE last_error <> ''`).Scan(&tried)
		return tried > 0
	})
	stop()
	rows, err := w.pool.Query(context.Background(), `SELECT status, attempts, last_error FROM mail_queue WHERE kind = 'issue'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var status, lastErr string
		var attempts int
		if err := rows.Scan(&status, &attempts, &lastErr); err != nil {
			t.Fatal(err)
		}
		if status != "pending" || attempts != 0 || lastErr != "" && !strings.Contains(lastErr, "535") {
			t.Errorf("a message after the login was refused: %s, %d attempts, %q", status, attempts, lastErr)
		}
	}
	if tried != 1 {
		t.Errorf("%d messages tried while the login was refused, want 1", tried)
	}
	// The login put right (SMTP_URL fixed and the server restarted): the
	// messages not tried go at once, the one tried after its pause.
	w.cancelled = make(chan struct{})
	w.sender(w.st, mail.SenderConfig{Transport: transport("right password")})
	w.smtp.Wait(t, len(addrs)-1, time.Minute)
}

// TestSenderTestAfterCorrection: an editor who sends a test, corrects the
// issue and publishes the correction gets the corrected issue in the next
// test, and the subscribers get it when the issue is sent right after —
// not the text the first test was built from.
func TestSenderTestAfterCorrection(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	sub := w.subscribe("en", 1)[0]
	w.sender(w.st, mail.SenderConfig{})
	ctx := context.Background()
	correct := func(title string) {
		t.Helper()
		if _, err := w.pool.Exec(ctx, `UPDATE translations SET title = $2 WHERE entry_id = $1 AND lang = 'en'`, w.issue, title); err != nil {
			t.Fatal(err)
		}
	}
	test := func(n int) string {
		t.Helper()
		if err := w.st.EnqueueTest(ctx, w.issue, "en", "ed@example.org", 0); err != nil {
			t.Fatal(err)
		}
		sitetest.Eventually(t, time.Minute, "the test arrives", func() bool { return len(w.smtp.To("ed@example.org")) == n })
		return w.smtp.To("ed@example.org")[n-1].Subject()
	}
	if got := test(1); got != "[Test] "+w.titles["en"] {
		t.Fatalf("the first test: %q", got)
	}
	correct("Corrected once")
	if got := test(2); got != "[Test] Corrected once" {
		t.Errorf("the test after a correction: %q", got)
	}
	correct("Corrected twice")
	test(3)
	correct("Corrected for good")
	w.send("en")
	sitetest.Eventually(t, time.Minute, "the issue arrives", func() bool { return len(w.smtp.To(sub)) == 1 })
	if got := w.smtp.To(sub)[0].Subject(); got != "Corrected for good" {
		t.Errorf("the subscriber, sent the issue right after a test and a correction, got %q", got)
	}
}
