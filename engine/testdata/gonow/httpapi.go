// An inventory JSON API on a ServeMux with Go 1.22 patterns, middleware
// chained around it, and a client with a timeout.

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"time"
)

type Item struct {
	ID    string   `json:"id"`
	Owner string   `json:"owner"`
	Tags  []string `json:"tags,omitempty"`
}

type Store struct {
	mu    sync.Mutex
	items map[string]Item
}

type Middleware func(http.Handler) http.Handler

func chain(h http.Handler, ms ...Middleware) http.Handler {
	for i := len(ms) - 1; i >= 0; i-- {
		h = ms[i](h)
	}
	return h
}

func withAuth(token string) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "Bearer "+token {
				http.Error(w, "unauthorized", http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func withHeader(k, v string) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set(k, v)
			next.ServeHTTP(w, r)
		})
	}
}

func (s *Store) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		it, ok := s.items[r.PathValue("id")]
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(it)
	})
	mux.HandleFunc("POST /items", func(w http.ResponseWriter, r *http.Request) {
		var it Item
		if err := json.NewDecoder(r.Body).Decode(&it); err != nil {
			http.Error(w, "bad json: "+err.Error(), http.StatusBadRequest)
			return
		}
		s.mu.Lock()
		s.items[it.ID] = it
		s.mu.Unlock()
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, "created %s\n", it.ID)
	})
	mux.HandleFunc("GET /items", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		var ids []string
		for id := range s.items {
			ids = append(ids, id)
		}
		s.mu.Unlock()
		sort.Strings(ids)
		json.NewEncoder(w).Encode(map[string]any{"count": len(ids), "ids": ids, "owner": r.URL.Query().Get("owner")})
	})
	mux.HandleFunc("/files/{path...}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "file=%s method=%s", r.PathValue("path"), r.Method)
	})
	return mux
}

func main() {
	s := &Store{items: map[string]Item{"web-1": {ID: "web-1", Owner: "sre", Tags: []string{"prod"}}}}
	srv := httptest.NewServer(chain(s.routes(), withHeader("X-Service", "inventory"), withAuth("t0k")))
	defer srv.Close()
	client := &http.Client{Timeout: 2 * time.Second}

	do := func(method, path, body string) {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if path != "/noauth" {
			req.Header.Set("Authorization", "Bearer t0k")
		}
		resp, err := client.Do(req)
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		fmt.Printf("%s %s -> %d [%s] %s\n", method, path, resp.StatusCode, resp.Header.Get("X-Service"), strings.TrimSpace(string(b)))
	}
	do("GET", "/items/web-1", "")
	do("GET", "/items/db-9", "")
	do("POST", "/items", `{"id":"db-1","owner":"dba"}`)
	do("POST", "/items", `{"id":`)
	do("GET", "/items?owner=sre", "")
	do("DELETE", "/items/web-1", "")
	do("PUT", "/files/etc/hosts", "")
	do("GET", "/noauth", "")

	resp, err := client.Get(srv.URL + "/items/db-1")
	fmt.Println(resp.StatusCode, err)
	resp.Body.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/items/db-1", nil)
	req.Header.Set("Authorization", "Bearer t0k")
	resp, _ = client.Do(req)
	var it Item
	json.NewDecoder(resp.Body).Decode(&it)
	resp.Body.Close()
	fmt.Printf("%+v %q\n", it, resp.Header.Get("Content-Type"))
}
