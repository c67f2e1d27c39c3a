package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/haruspex/haruspex/internal/sshtest"
)

// openPTY opens a pseudo-terminal pair (Linux's /dev/ptmx).
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	var n, unlock uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Fatalf("unlocking the pty: %v", e)
	}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Fatalf("naming the pty: %v", e)
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close(); s.Close() })
	return m, s
}

// waitNoEcho waits until the terminal no longer echoes what is typed
// (the master side sees the slave's settings).
func waitNoEcho(t *testing.T, master *os.File) {
	t.Helper()
	for i := 0; ; i++ {
		var tio syscall.Termios
		if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&tio))); e != 0 {
			t.Fatalf("reading the terminal's settings: %v", e)
		}
		if tio.Lflag&syscall.ECHO == 0 {
			return
		}
		if i == 1000 {
			t.Fatal("haruspex did not turn echo off in 10 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestPassphrasePrompt runs haruspex in a session of its own whose
// terminal is a pseudo-terminal, as an examiner's shell would be: the
// passphrase of the key is asked for there (and not echoed), a wrong one
// is asked again, and the folder is signed. Without a terminal, the
// message says to use the agent.
func TestPassphrasePrompt(t *testing.T) {
	bin, err := exec.LookPath("haruspex") // put in $PATH by testscript.Main
	if err != nil {
		t.Skipf("no haruspex command in PATH: %v", err)
	}
	tmp := t.TempDir()
	key := sshtest.KeyGen(t, tmp, "ed25519", "jane@laptop", "correct horse")
	dir := filepath.Join(tmp, "case")
	runCode(t, exitOK, "report", "--out", dir, "../../samples/police-visit.har")

	t.Run("no terminal", func(t *testing.T) {
		cmd := exec.Command(bin, "sign", dir, "--key", key)
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // no controlling terminal
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitUsage {
			t.Fatalf("exit: %v, want %d\n%s", err, exitUsage, stderr.String())
		}
		want := "haruspex sign: --key: " + key + ": the key has a passphrase and there is no terminal to ask for it (open /dev/tty: no such device or address); load the key into ssh-agent (ssh-add) and sign with agent:FINGERPRINT\n"
		if stderr.String() != want {
			t.Errorf("stderr\n got %q\nwant %q", stderr.String(), want)
		}
	})

	t.Run("terminal", func(t *testing.T) {
		master, slave := openPTY(t)
		cmd := exec.Command(bin, "sign", dir, "--key", key)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		slave.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var seen bytes.Buffer
		answers := []string{"wrong\n", "correct horse\n"}
		buf := make([]byte, 4096)
		for len(answers) > 0 || !strings.Contains(seen.String(), "signed") {
			master.SetReadDeadline(time.Now().Add(30 * time.Second))
			n, err := master.Read(buf)
			seen.Write(buf[:n])
			if err != nil {
				if err != io.EOF {
					t.Logf("reading the terminal: %v", err)
				}
				break
			}
			if len(answers) > 0 && strings.Count(seen.String(), "Enter passphrase for "+key+": ") > 2-len(answers) {
				// The prompt is written before echo is turned off: a
				// person answers after that, and so must the test.
				waitNoEcho(t, master)
				master.WriteString(answers[0])
				answers = answers[1:]
			}
		}
		if err := <-done; err != nil {
			t.Fatalf("haruspex sign: %v\nterminal:\n%s", err, seen.String())
		}
		got := seen.String()
		for _, want := range []string{"Enter passphrase for " + key + ": ", "Wrong passphrase.", "haruspex sign: signed " + dir + "/manifest.json with ssh-ed25519 SHA256:"} {
			if !strings.Contains(got, want) {
				t.Errorf("terminal lacks %q:\n%s", want, got)
			}
		}
		if strings.Contains(got, "correct horse") {
			t.Errorf("the passphrase was echoed:\n%s", got)
		}
		if _, err := os.Stat(filepath.Join(dir, "manifest.json.sig")); err != nil {
			t.Error(err)
		}
	})
}
