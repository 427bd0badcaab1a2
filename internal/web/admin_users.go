package web

import "github.com/go-chi/chi/v5"

// userRoutes registers the admins-only pages: /admin/users…, /admin/audit.
func (s *Server) userRoutes(r chi.Router) {}
