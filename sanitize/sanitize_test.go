package sanitize

import (
	"testing"
	"unicode/utf8"
)

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

func TestPasteAndLine(t *testing.T) {
	for in, want := range map[string]string{
		"one\r\ntwo\rthree\nfour":        "one\ntwo\nthree\nfour",
		"\tfunc main() {\r\t\treturn\r}": "    func main() {\n        return\n}",
		"plain":                          "plain",
		"a\x1b[31m\rb":                   "a\nb",
	} {
		if got := Paste(in); got != want {
			t.Errorf("Paste(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"  two\nlines\tand a tab  ": "two lines and a tab",
		"bidi\u202e end\x1b[2J":     "bidi end",
	} {
		if got := Line(in); got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzText: whatever comes in, what comes out holds no escape, no C0 or C1
// control but newline and tab, no bidi control, and cleaning it again
// changes nothing. Paste and Line keep the same promise.
func FuzzText(f *testing.F) {
	for _, seed := range []string{
		"", "plain", "a\x1b]52;c;aGk=\ab", "\x1b[2J\x1b[H", "a\u009b2Jb", "x\u202ey", "\r\n\t", "\x1b", "\x1b]8;;u\x1b\\l\x1b]8;;\x1b\\",
		"日本\u2066語", "\xff\xfe", "a\x00b\x7f",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for name, clean := range map[string]func(string) string{"Text": Text, "Paste": Paste, "Line": Line} {
			out := clean(in)
			for _, r := range out {
				if r == 0x1b || unsafe(r) || (r == '\r') {
					t.Fatalf("%s(%q) = %q keeps %U", name, in, out, r)
				}
				if name == "Line" && (r == '\n' || r == '\t') {
					t.Fatalf("Line(%q) = %q keeps a line break or tab", in, out)
				}
			}
			if !utf8.ValidString(out) {
				t.Fatalf("%s(%q) = %q is not UTF-8", name, in, out)
			}
			if again := clean(out); again != out {
				t.Fatalf("%s is not stable: %q -> %q -> %q", name, in, out, again)
			}
		}
	})
}
