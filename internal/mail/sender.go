package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"vestnik/internal/store"
)

// SenderConfig configures the background sender.
type SenderConfig struct {
	Store     *store.Store
	Transport Transport
	Composer  *Composer
	Logger    *slog.Logger
	// Rate caps the messages sent per minute by this instance; 0 sends as
	// fast as the server takes them.
	Rate int
	// Poll is how often an idle sender looks for due mail (default 2s);
	// Wake makes it look at once.
	Poll time.Duration
	// RetryBase is the wait after the first temporary failure (default a
	// minute); it doubles with each attempt up to RetryMax (default an
	// hour). After MaxAttempts attempts (default 8) a message has failed.
	RetryBase   time.Duration
	RetryMax    time.Duration
	MaxAttempts int
	// SendTimeout bounds one message, from claiming it to recording the
	// outcome (default 2 minutes).
	SendTimeout time.Duration
	// LoginPause is how long the sender holds the queue after the server
	// refused its login (ErrLoginRefused) before it tries again, with one
	// message (default 10 minutes).
	LoginPause time.Duration
}

// Sender works through the mail queue in Postgres: it claims one due
// message at a time (FOR UPDATE SKIP LOCKED, so senders in several
// instances share the work), builds it in its reader's language, hands it
// to the transport, and records the outcome. Temporary failures come back
// later with exponential backoff; permanent ones are marked failed for the
// editors to see.
type Sender struct {
	cfg    SenderConfig
	wake   chan struct{}
	issues map[issueKey]cachedIssue // only Run's goroutine touches it
	// heldUntil: no message is claimed before it (ErrLoginRefused); only
	// Run's goroutine touches it.
	heldUntil time.Time
}

type issueKey struct {
	id   int64
	lang string
}

type cachedIssue struct {
	issue Issue
	at    time.Time
}

// issueTTL is how long a built issue is reused for the next subscriber.
const issueTTL = 30 * time.Second

// NewSender returns a sender; Run starts it.
func NewSender(cfg SenderConfig) (*Sender, error) {
	if cfg.Store == nil || cfg.Transport == nil || cfg.Composer == nil {
		return nil, errors.New("mail: incomplete sender config")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 2 * time.Second
	}
	if cfg.RetryBase <= 0 {
		cfg.RetryBase = time.Minute
	}
	if cfg.RetryMax <= 0 {
		cfg.RetryMax = time.Hour
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 8
	}
	if cfg.SendTimeout <= 0 {
		cfg.SendTimeout = 2 * time.Minute
	}
	if cfg.LoginPause <= 0 {
		cfg.LoginPause = 10 * time.Minute
	}
	return &Sender{cfg: cfg, wake: make(chan struct{}, 1), issues: map[issueKey]cachedIssue{}}, nil
}

// Wake tells the sender that mail was queued. It never blocks.
func (s *Sender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// purgeEvery is how often finished confirmations and old sign-up requests
// are forgotten; purgeAfter is how old they must be: longer than
// ConfirmTTL, as a confirmation link subscribes only while the message
// that carried it is on record (store.Confirm).
const (
	purgeEvery = time.Hour
	purgeAfter = 7 * 24 * time.Hour
)

// Run sends until ctx ends. A message being sent when ctx ends is
// finished and recorded first, so stopping loses nothing and repeats
// nothing; Run then returns.
func (s *Sender) Run(ctx context.Context) {
	var interval time.Duration
	if s.cfg.Rate > 0 {
		interval = time.Minute / time.Duration(s.cfg.Rate)
	}
	var next, lastPurge time.Time
	errWait := s.cfg.Poll // grows while the database does not answer
	for ctx.Err() == nil {
		if wait := time.Until(next); wait > 0 {
			if !sleep(ctx, wait, nil) {
				return
			}
		}
		start := time.Now()
		// Not ctx: a claimed message is finished even during shutdown.
		jctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.SendTimeout)
		found, err := s.cfg.Store.DeliverNext(jctx, func(j store.MailJob) store.MailOutcome { return s.deliver(jctx, j) })
		cancel()
		if err == nil {
			errWait = s.cfg.Poll
		}
		switch {
		case err != nil:
			s.cfg.Logger.Error("mail queue", "err", err, "retry_in", errWait.String())
			if !sleep(ctx, errWait, nil) {
				return
			}
			errWait = min(errWait*2, time.Minute)
		case found:
			next = start.Add(interval)
			if s.heldUntil.After(next) {
				next = s.heldUntil
			}
		default:
			if i, ok := s.cfg.Transport.(Idler); ok {
				i.Idle()
			}
			if time.Since(lastPurge) > purgeEvery {
				lastPurge = time.Now()
				if err := s.cfg.Store.PurgeMail(ctx, time.Now().Add(-purgeAfter)); err != nil && ctx.Err() == nil {
					s.cfg.Logger.Warn("purge mail", "err", err)
				}
			}
			if !sleep(ctx, s.cfg.Poll, s.wake) {
				return
			}
		}
	}
}

// sleep waits for d, a wake-up or the end of ctx; false means ctx ended.
func sleep(ctx context.Context, d time.Duration, wake <-chan struct{}) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
	case <-wake:
	}
	return true
}

// deliver builds and sends one job and says what became of it.
func (s *Sender) deliver(ctx context.Context, j store.MailJob) store.MailOutcome {
	log := s.cfg.Logger.With("mail_id", j.ID, "kind", j.Kind, "lang", j.Lang, "attempt", j.Attempts+1)
	msg, err := s.compose(ctx, j)
	if err == nil && msg == nil {
		log.Info("mail skipped: the recipient no longer wants it, or the reviewed text is gone")
		return store.MailOutcome{Skipped: true}
	}
	if err == nil {
		if j.MessageID != "" {
			msg.MessageID = j.MessageID // a retry is the same message
		}
		err = s.cfg.Transport.Send(ctx, msg)
	}
	if err == nil {
		log.Info("mail sent", "message_id", msg.MessageID)
		return store.MailOutcome{Sent: true, MessageID: msg.MessageID}
	}
	// The server's answer, without the address it names: it is kept
	// beside the queue row, shown to editors and logged.
	reason := err.Error()
	if j.To != "" {
		reason = strings.ReplaceAll(reason, j.To, "(recipient)")
	}
	o := store.MailOutcome{Error: reason}
	if msg != nil {
		o.MessageID = msg.MessageID
	}
	if errors.Is(err, ErrLoginRefused) {
		// Every message would meet the same refusal: retried, each
		// would wait hours to fail; failed, an issue would be lost to
		// everyone (sending it again skips those that failed). The
		// queue waits instead, trying one message a LoginPause, and the
		// operator is told once a pause.
		s.heldUntil = time.Now().Add(s.cfg.LoginPause)
		o.Held, o.Retry = true, s.cfg.LoginPause
		log.Error("mail held: the SMTP server refused the login in SMTP_URL; nothing is sent until it takes it (check the user and password, then restart)",
			"err", reason, "retry_in", o.Retry.String())
		return o
	}
	if Temporary(err) && j.Attempts+1 < s.cfg.MaxAttempts {
		o.Retry = s.backoff(j.Attempts)
		log.Warn("mail deferred", "err", reason, "retry_in", o.Retry.String())
		return o
	}
	log.Error("mail failed", "err", reason)
	return o
}

// backoff is the wait after the attempts+1'th attempt failed.
func (s *Sender) backoff(attempts int) time.Duration {
	d := s.cfg.RetryBase
	for i := 0; i < attempts && d < s.cfg.RetryMax; i++ {
		d *= 2
	}
	return min(d, s.cfg.RetryMax)
}

// compose builds a job's message; nil without an error means the job is
// to be skipped.
func (s *Sender) compose(ctx context.Context, j store.MailJob) (*Message, error) {
	switch j.Kind {
	case store.MailConfirm:
		return s.cfg.Composer.Confirmation(j.To, j.Lang)
	case store.MailIssue, store.MailTest:
		if !j.Active {
			return nil, nil
		}
		is, err := s.issue(ctx, j.EntryID, j.Lang, j.Kind == store.MailTest)
		if err != nil {
			return nil, err
		}
		to := Recipient{ID: j.SubscriberID, Email: j.To}
		return s.cfg.Composer.Issue(is, to, j.Kind == store.MailTest)
	case store.MailReview:
		if !j.Active {
			return nil, nil // turned off, disabled or no longer a reviewer since it was queued
		}
		if j.Review.Event == store.NoticeDeleted {
			// The entry is gone: told by the title the text had.
			return s.cfg.Composer.Review(Review{To: j.To, Lang: j.Lang, Notice: j.Review, Subject: store.ReviewSubject{Title: j.Review.Title}})
		}
		subj, err := s.cfg.Store.ReviewSubjectOf(ctx, j.Review.EntryID, j.Review.Langs)
		if errors.Is(err, store.ErrNotFound) {
			if j.Review.Event != store.NoticeWithdrawn || j.Review.Title == "" {
				return nil, nil // the text is gone: nothing left to review
			}
			// Withdrawn by removing it: told by the title it had.
			subj, err = store.ReviewSubject{Title: j.Review.Title}, nil
		}
		if err != nil {
			return nil, err
		}
		return s.cfg.Composer.Review(Review{To: j.To, Lang: j.Lang, Notice: j.Review, Subject: subj})
	}
	return nil, &PermanentError{fmt.Errorf("mail: unknown kind %q", j.Kind)}
}

// issue loads an issue in a language, reusing it for a little while: a
// send builds the same issue for every subscriber of a language. A test
// is built from what is published now, neither reusing nor kept, and
// drops what was kept: its editor may be correcting the issue, and the
// next test or the send that follows shows the correction.
func (s *Sender) issue(ctx context.Context, id int64, lang string, test bool) (Issue, error) {
	k := issueKey{id, lang}
	if test {
		delete(s.issues, k)
	} else if c, ok := s.issues[k]; ok && time.Since(c.at) < issueTTL {
		return c.issue, nil
	}
	n, err := s.cfg.Store.NewsletterByID(ctx, lang, id)
	if errors.Is(err, store.ErrNotFound) {
		return Issue{}, &PermanentError{fmt.Errorf("mail: issue %d is not published in %s", id, lang)}
	}
	if err != nil {
		return Issue{}, err
	}
	hs, err := s.cfg.Store.Hotlines(ctx, lang)
	if err != nil {
		return Issue{}, err
	}
	is := Issue{Newsletter: n, Hotlines: hs}
	if test {
		return is, nil
	}
	for key, c := range s.issues {
		if time.Since(c.at) >= issueTTL {
			delete(s.issues, key)
		}
	}
	s.issues[k] = cachedIssue{is, time.Now()}
	return is, nil
}
