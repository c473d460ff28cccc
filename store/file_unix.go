//go:build unix

package store

import (
	"io/fs"
	"os"
	"syscall"
)

func inode(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino)
	}
	return 0
}

// flockNB takes an exclusive lock on f without waiting.
func flockNB(f *os.File) error {
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
}

// writable reports whether the user may create files in dir.
func writable(dir string) bool { return syscall.Access(dir, 0x2 /* W_OK */) == nil }
