package main

import (
	"runtime/debug"
	"strings"
)

// release is the version of this source tree; a release build sets the
// variables below with -ldflags instead, e.g.
//
//	go build -ldflags "-X main.version=v0.2.0 -X main.commit=$(git rev-parse HEAD) -X main.date=$(date -u +%F)" ./cmd/rehearse
const release = "0.2.0"

// Set at build time with -ldflags -X; empty in a plain go build.
var (
	version string
	commit  string
	date    string
)

// versionString is what --version prints after "rehearse version": the
// version, commit and build date from -ldflags, else what the Go toolchain
// recorded (the module version of `go install …@v1.2.3`, the VCS revision
// and time of a build in a git clone), else this tree's release as a
// development build.
func versionString(info *debug.BuildInfo, haveInfo bool) string {
	v, c, d := version, commit, date
	if haveInfo {
		if v == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		modified := false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if c == "" {
					c = s.Value
				}
			case "vcs.time":
				if d == "" {
					d = s.Value
				}
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if modified && commit == "" && c != "" {
			c += "-dirty"
		}
	}
	if v == "" {
		v = release + "-dev"
	}
	var details []string
	if c != "" {
		details = append(details, "commit "+shortCommit(c))
	}
	if d != "" {
		details = append(details, "built "+strings.SplitN(d, "T", 2)[0])
	}
	if len(details) == 0 {
		return v
	}
	return v + " (" + strings.Join(details, ", ") + ")"
}

// shortCommit keeps the first 12 characters of a commit hash, and a
// "-dirty" mark.
func shortCommit(c string) string {
	hash, dirty, _ := strings.Cut(c, "-")
	if len(hash) > 12 {
		hash = hash[:12]
	}
	if dirty != "" {
		return hash + "-" + dirty
	}
	return hash
}
