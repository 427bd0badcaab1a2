package engine

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// refused are the system calls a confined worker may not make: nothing a
// photo decoder needs, everything a decoder taken over by a crafted file
// would reach for — the network and the database's socket, running
// programs, other processes (the server among them: same user), and the
// kernel's rarer doors.
var refused = []uint32{
	unix.SYS_SOCKET, unix.SYS_SOCKETPAIR, unix.SYS_CONNECT, unix.SYS_BIND, unix.SYS_LISTEN,
	unix.SYS_ACCEPT, unix.SYS_ACCEPT4,
	unix.SYS_EXECVE, unix.SYS_EXECVEAT,
	unix.SYS_PTRACE, unix.SYS_PROCESS_VM_READV, unix.SYS_PROCESS_VM_WRITEV,
	unix.SYS_KILL, unix.SYS_PIDFD_OPEN, unix.SYS_PIDFD_GETFD, unix.SYS_PIDFD_SEND_SIGNAL,
	unix.SYS_MOUNT, unix.SYS_UNSHARE, unix.SYS_SETNS, unix.SYS_BPF, unix.SYS_PERF_EVENT_OPEN,
	unix.SYS_USERFAULTFD, unix.SYS_KEYCTL, unix.SYS_ADD_KEY, unix.SYS_IO_URING_SETUP,
}

// Confine starts libvips (its modules loaded) and then installs a
// seccomp filter on every thread of the process: the refused system calls
// fail with EPERM; a system call of another architecture's table (a way
// round the list) kills the process. It also sets no_new_privs, which the
// filter needs and which forbids gaining privileges by running a setuid
// program.
func Confine() error {
	start()
	var arch uint32
	switch runtime.GOARCH {
	case "amd64":
		arch = unix.AUDIT_ARCH_X86_64
	case "arm64":
		arch = unix.AUDIT_ARCH_AARCH64
	default:
		return fmt.Errorf("confine: no filter for %s", runtime.GOARCH)
	}
	const (
		ld    = unix.BPF_LD | unix.BPF_W | unix.BPF_ABS
		jeq   = unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K
		jge   = unix.BPF_JMP | unix.BPF_JGE | unix.BPF_K
		ret   = unix.BPF_RET | unix.BPF_K
		x32   = 0x40000000 // the x32 ABI's system calls carry this bit
		allow = unix.SECCOMP_RET_ALLOW
		eperm = unix.SECCOMP_RET_ERRNO | uint32(unix.EPERM)
		kill  = unix.SECCOMP_RET_KILL_PROCESS
	)
	n := len(refused)
	// Layout: 0 arch, 1 check, 2 nr, 3 x32 check, 4..4+n-1 the list,
	// 4+n allow, 5+n eperm, 6+n kill.
	prog := []unix.SockFilter{
		{Code: ld, K: 4}, // seccomp_data.arch
		{Code: jeq, K: arch, Jt: 0, Jf: uint8(n + 4)},
		{Code: ld, K: 0}, // seccomp_data.nr
		{Code: jge, K: x32, Jt: uint8(n + 2), Jf: 0},
	}
	for i, nr := range refused {
		prog = append(prog, unix.SockFilter{Code: jeq, K: nr, Jt: uint8(n - i), Jf: 0})
	}
	prog = append(prog, unix.SockFilter{Code: ret, K: allow}, unix.SockFilter{Code: ret, K: eperm}, unix.SockFilter{Code: ret, K: kill})
	if err := unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); err != nil {
		return fmt.Errorf("confine: no_new_privs: %w", err)
	}
	fprog := unix.SockFprog{Len: uint16(len(prog)), Filter: &prog[0]}
	_, _, errno := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, unix.SECCOMP_FILTER_FLAG_TSYNC, uintptr(unsafe.Pointer(&fprog)))
	runtime.KeepAlive(prog)
	if errno != 0 {
		return fmt.Errorf("confine: seccomp: %w", errno)
	}
	return nil
}

// Confined reports whether this process is confined: whether what Confine
// refuses is refused — tried harmlessly (a socket at once closed, a
// program that does not exist, a signal 0 to itself).
func Confined() bool {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err == nil {
		unix.Close(fd)
		return false
	}
	if !errors.Is(err, unix.EPERM) {
		return false
	}
	if err := unix.Exec("/nonexistent/vestnik-probe", nil, nil); !errors.Is(err, unix.EPERM) {
		return false
	}
	if err := unix.Kill(os.Getpid(), 0); !errors.Is(err, unix.EPERM) {
		return false
	}
	return true
}
