package web

import "github.com/go-chi/chi/v5"

// hotlineRoutes registers the hotline numbers' admin: /admin/hotlines…
func (s *Server) hotlineRoutes(r chi.Router) {}
