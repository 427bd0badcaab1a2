package admin

import (
	"errors"
	"net/http"

	"vestnik/internal/httpx"
	"vestnik/internal/store"
)

// accountReviewMail turns the user's review notices by e-mail on or off
// (a ticked box posts review_mail=1; an unticked one posts nothing).
func (s *server) accountReviewMail(w http.ResponseWriter, r *http.Request) error {
	if err := httpx.ParseForm(w, r, httpx.MaxFormBytes); err != nil {
		return err
	}
	on := r.PostForm.Get("review_mail") == "1"
	u := currentUser(r.Context())
	if err := s.store.SetReviewMail(r.Context(), u.ID, on); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return httpx.ErrNotFound
		}
		return err
	}
	if on {
		s.flash(r, "admin.account.review_mail_on")
	} else {
		s.flash(r, "admin.account.review_mail_off")
	}
	http.Redirect(w, r, "/admin/account#notifications", http.StatusSeeOther)
	return nil
}
