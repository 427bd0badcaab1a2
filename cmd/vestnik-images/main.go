// Command vestnik-images is the images worker: `vestnik serve` and
// `vestnik generate` start it (package images) and send it photo jobs on
// its standard input, one after another; it does each with libvips
// (package engine) and answers on its standard output. A decoder that
// crashes on a crafted file takes this process down, not the site, and
// one taken over by it finds the network, other programs and other
// processes closed (engine.Confine).
package main

import (
	"fmt"
	"os"
	"syscall"

	"vestnik/internal/images"
	"vestnik/internal/images/engine"
)

func main() {
	if len(os.Args) > 1 {
		fmt.Fprintln(os.Stderr, "vestnik-images takes no arguments: vestnik starts it and sends it photo jobs on its standard input")
		os.Exit(2)
	}
	// The answers go to a descriptor of their own, and descriptor 1 to
	// standard error: a line a C library prints cannot break them.
	fd, err := syscall.Dup(1)
	if err == nil {
		err = syscall.Dup3(2, 1, 0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "vestnik-images:", err)
		os.Exit(1)
	}
	syscall.CloseOnExec(fd)
	// From here on the worker cannot open a socket, run a program or touch
	// another process. Without seccomp it runs as it is, and says so to
	// the server's check, which warns.
	if err := engine.Confine(); err != nil {
		fmt.Fprintln(os.Stderr, "vestnik-images: not confined:", err)
	}
	if err := images.Serve(os.Stdin, os.NewFile(uintptr(fd), "answers"), job); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func job(req images.Request, data []byte) (images.Response, []byte, error) {
	switch req.Op {
	case images.OpNormalize:
		return master(engine.Normalize(data))
	case images.OpPDFCover:
		return master(engine.PDFCover(data))
	case images.OpRender:
		out, err := engine.Render(data, req.Spec)
		return images.Response{ContentType: req.Spec.Format.ContentType()}, out, err
	case images.OpCheck:
		return images.Response{PDF: engine.CanRenderPDF(), Confined: engine.Confined()}, nil, nil
	}
	return images.Response{}, nil, fmt.Errorf("unknown job %q", req.Op)
}

func master(m images.Master, err error) (images.Response, []byte, error) {
	return images.Response{ContentType: m.ContentType, Width: m.Width, Height: m.Height}, m.Data, err
}
