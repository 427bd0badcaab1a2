package admin

import "net/http"

// purgeAfterWrites purges the public page cache when a state-changing
// request starts its response — after its transaction committed, before
// the editor sees the answer — so this instance is fresh the moment a save
// returns (other instances learn through LISTEN/NOTIFY). A refused or
// failed request changed nothing and purges nothing.
func (s *server) purgeAfterWrites(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(&purgeWriter{ResponseWriter: w, purge: s.purge}, r)
	})
}

type purgeWriter struct {
	http.ResponseWriter
	purge func()
	done  bool
}

func (p *purgeWriter) WriteHeader(code int) {
	if !p.done {
		p.done = true
		if code < 400 {
			p.purge()
		}
	}
	p.ResponseWriter.WriteHeader(code)
}

func (p *purgeWriter) Write(b []byte) (int, error) {
	if !p.done {
		p.WriteHeader(http.StatusOK)
	}
	return p.ResponseWriter.Write(b)
}

func (p *purgeWriter) Unwrap() http.ResponseWriter { return p.ResponseWriter }
