package images

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"vestnik/internal/picture"
)

// The worker's protocol, on its standard input and output: a request is
// one line of JSON and the Size bytes of its file; the response, one line
// of JSON and the Size bytes made. A worker answers requests one after
// another until its input ends.

// The jobs a worker does.
const (
	OpNormalize = "normalize" // an upload's master
	OpRender    = "render"    // a rendition of a master
	OpPDFCover  = "pdf-cover" // a master of a PDF's first page
	OpCheck     = "check"     // what the worker can do: PDFs, and whether it is confined
)

// Bounds of what either side reads: a line, and the bytes after it (more
// than any upload or master). The bytes are read as they come, so a Size
// that lies costs no more than what was sent.
const (
	maxLine = 4 << 10
	maxFile = 256 << 20
)

// Request is a job.
type Request struct {
	Op   string       `json:"op"`
	Spec picture.Spec `json:"spec,omitzero"`
	Size int          `json:"size"`
}

// Response is the outcome of a job: a refusal, an error, or what was made.
type Response struct {
	Refused     string `json:"refused,omitempty"` // a Refused's message ID
	Error       string `json:"error,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	Width       int    `json:"width,omitempty"`
	Height      int    `json:"height,omitempty"`
	PDF         bool   `json:"pdf,omitempty"`      // check: PDFs can be rendered
	Confined    bool   `json:"confined,omitempty"` // check: the worker runs confined (engine.Confine)
	Size        int    `json:"size"`
}

func writeRequest(w io.Writer, req Request, data []byte) error {
	req.Size = len(data)
	return writeFramed(w, req, data)
}

func writeFramed(w io.Writer, head any, data []byte) error {
	line, err := json.Marshal(head)
	if err != nil {
		return err
	}
	if _, err := w.Write(append(line, '\n')); err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// readFramed reads a line of JSON into head and the size bytes it
// announces; io.EOF is the end of the input before a line.
func readFramed(r *bufio.Reader, head any, size func() int) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	if err != nil {
		if err == io.EOF && len(line) == 0 {
			return nil, io.EOF
		}
		return nil, fmt.Errorf("images: a line: %w", err)
	}
	if len(line) > maxLine {
		return nil, fmt.Errorf("images: a line of %d bytes", len(line))
	}
	if err := json.Unmarshal(line, head); err != nil {
		return nil, fmt.Errorf("images: a line: %w", err)
	}
	n := size()
	if n < 0 || n > maxFile {
		return nil, fmt.Errorf("images: size %d", n)
	}
	var data bytes.Buffer
	data.Grow(min(n, 4<<20))
	if _, err := io.CopyN(&data, r, int64(n)); err != nil {
		return nil, fmt.Errorf("images: %d bytes: %w", n, err)
	}
	return data.Bytes(), nil
}

func readResponse(r *bufio.Reader) (Response, []byte, error) {
	var resp Response
	data, err := readFramed(r, &resp, func() int { return resp.Size })
	return resp, data, err
}

// Job is what a worker does for a request and its input bytes: what it
// made and the bytes of it, or an error (a *Refused is a refusal).
type Job func(req Request, data []byte) (Response, []byte, error)

// Serve is a worker's side: it answers the requests read from in, one by
// one, on out, until in ends. An error is returned only when a request
// cannot be read or an answer written.
func Serve(in io.Reader, out io.Writer, job Job) error {
	r := bufio.NewReaderSize(in, 64<<10)
	w := bufio.NewWriterSize(out, 64<<10)
	for {
		var req Request
		data, err := readFramed(r, &req, func() int { return req.Size })
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		resp, made, err := job(req, data)
		if refused, ok := errors.AsType[*Refused](err); ok {
			resp, made = Response{Refused: refused.MessageID}, nil
		} else if err != nil {
			resp, made = Response{Error: err.Error()}, nil
		}
		resp.Size = len(made)
		if err := writeFramed(w, resp, made); err != nil {
			return err
		}
		if err := w.Flush(); err != nil {
			return err
		}
	}
}
