package web_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"vestnik/internal/browser"
	"vestnik/internal/mail"
	"vestnik/internal/sitetest"
	"vestnik/internal/store"
)

// TestBrowserSubscribe drives headless Chromium through the whole flow on
// a laptop without SMTP: sign up from a page's footer, read the
// confirmation in the admin's development outbox, follow its link,
// confirm, then leave from the manage page. The pages reached by signed
// links post their forms to their own address: a real browser proves the
// link survives.
func TestBrowserSubscribe(t *testing.T) {
	t.Parallel()
	e, base := liveEnv(t)
	sitetest.StartSender(t, e.Store, &mail.Outbox{Store: e.Store}, base)
	e.User("chief@example.org", store.RoleAdmin)
	ctx := browser.New(t)

	// Sign up from the Russian hotline page's footer.
	run(t, ctx,
		chromedp.Navigate(base+"/ru/hotline"),
		chromedp.SendKeys(chromedp.CSS(`#subscribe-email`), "reader@example.org"),
		chromedp.Click(chromedp.CSS(`form.subscribe-box button[type=submit]`)),
	)
	waitJS(t, ctx, "check your inbox", `location.pathname === "/ru/subscribe/sent" && document.querySelector("h1").textContent === "Проверьте почту"`)
	if n := sitetest.Count(e, `SELECT count(*) FROM subscribers`); n != 0 {
		t.Fatalf("%d subscribers before confirming", n)
	}
	sitetest.Eventually(t, time.Minute, "the confirmation in the outbox", func() bool {
		return sitetest.Count(e, `SELECT count(*) FROM mail_outbox WHERE to_addr = 'reader@example.org'`) > 0
	})

	// The admin reads it in the outbox and follows its link.
	run(t, ctx,
		chromedp.Navigate(base+"/admin/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "chief@example.org"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), sitetest.Password),
		chromedp.Submit(chromedp.CSS(`input[name=password]`)),
	)
	waitJS(t, ctx, "dashboard", `location.pathname === "/admin/"`)
	run(t, ctx, chromedp.Navigate(base+"/admin/outbox"), chromedp.Click(chromedp.CSS(`table.outbox a`)))
	waitJS(t, ctx, "the message", `document.querySelector("h1").textContent === "Подтвердите подписку на бюллетень МОМ" && !!document.querySelector("ul.message-links a")`)
	run(t, ctx, chromedp.Click(chromedp.CSS(`ul.message-links a[href*="/ru/subscribe/confirm?t="]`)))
	waitJS(t, ctx, "confirmation page", `location.pathname === "/ru/subscribe/confirm" && !!document.querySelector("form.subscribe-confirm button")`)
	if n := sitetest.Count(e, `SELECT count(*) FROM subscribers`); n != 0 {
		t.Fatal("opening the link subscribed")
	}
	run(t, ctx, chromedp.Click(chromedp.CSS(`form.subscribe-confirm button`)))
	waitJS(t, ctx, "subscribed", `document.querySelector("h1").textContent === "Вы подписаны" && document.querySelector("main").textContent.includes("reader@example.org")`)
	subs, _, err := e.Store.Subscribers(context.Background(), store.SubscriberFilter{Query: "reader@"})
	if err != nil || len(subs) != 1 || subs[0].Status != store.SubscriberActive || subs[0].Lang != "ru" {
		t.Fatalf("subscriber %+v %v", subs, err)
	}

	// The manage page: switch to English, then unsubscribe.
	run(t, ctx, chromedp.Click(chromedp.CSS(`main a[href^="/ru/subscription?t="]`)))
	waitJS(t, ctx, "manage page", `!!document.querySelector("form.subscription-lang")`)
	run(t, ctx,
		chromedp.Click(chromedp.CSS(`form.subscription-lang input[value=en]`)),
		chromedp.Click(chromedp.CSS(`form.subscription-lang button`)),
	)
	waitJS(t, ctx, "language changed", `(document.querySelector(".status") || {}).textContent === "На адрес reader@example.org приходит бюллетень на английском."`)
	run(t, ctx, chromedp.Click(chromedp.CSS(`form.unsubscribe button`)))
	waitJS(t, ctx, "unsubscribed", `document.querySelector("h1").textContent === "Вы отписались"`)
	subs, _, _ = e.Store.Subscribers(context.Background(), store.SubscriberFilter{Query: "reader@"})
	if len(subs) != 1 || subs[0].Status != store.SubscriberUnsubscribed || subs[0].Lang != "en" {
		t.Fatalf("subscriber %+v", subs)
	}
}
