package web

import "github.com/go-chi/chi/v5"

// mediaRoutes registers the media library: /admin/media…
func (s *Server) mediaRoutes(r chi.Router) {}
