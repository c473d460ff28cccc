package sanitize

import "testing"

func TestText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text is kept", "Tell me about a time…", "Tell me about a time…"},
		{"newline and tab are kept", "one\n\ttwo", "one\n\ttwo"},
		{"OSC 52 clipboard write (BEL)", "a\x1b]52;c;aGVsbG8=\ab", "ab"},
		{"OSC 52 clipboard write (ST)", "a\x1b]52;c;aGVsbG8=\x1b\\b", "ab"},
		{"OSC 0 window title", "a\x1b]0;pwned\x07b", "ab"},
		{"OSC 8 hyperlink keeps its label", "see \x1b]8;;https://evil.example\x1b\\docs\x1b]8;;\x1b\\ now", "see docs now"},
		{"CSI 2J clears the screen", "a\x1b[2Jb", "ab"},
		{"CSI with colours", "\x1b[1;31mred\x1b[0m", "red"},
		{"unterminated OSC is dropped", "safe\x1b]52;c;aGVsbG8=", "safe"},
		{"C1 CSI U+009B", "a\u009b2Jb", "a2Jb"},
		{"C1 NEL and ST", "a\u0085b\u009cc", "abc"},
		{"right-to-left override U+202E", "invoice\u202efdp.exe", "invoicefdp.exe"},
		{"bidi isolates", "a\u2066b\u2069c", "abc"},
		{"carriage return, backspace, NUL, DEL", "a\rb\bc\x00d\x7fe", "abcde"},
		{"trailing lone ESC", "ab\x1b", "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestTextCleanInputDoesNotAllocate(t *testing.T) {
	s := "A clean line of notes with unicode: é, 日本, and a tab\t."
	if n := testing.AllocsPerRun(100, func() { _ = Text(s) }); n != 0 {
		t.Errorf("Text allocated %v times on clean input", n)
	}
}
