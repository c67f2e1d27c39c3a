package render

import "testing"

func TestTerminal(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Report domestic abuse", "Report domestic abuse"},
		{"unicode kept", "Signalement – violences conjugales ✓", "Signalement – violences conjugales ✓"},
		{"ANSI escape (recolours or hides text)", "\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"title-setting OSC", "\x1b]0;pwned\x07", `\x1b]0;pwned\x07`},
		{"newline and tab", "a\nb\tc", `a\x0ab\x09c`},
		{"C1 CSI", "a\u009bb", `a\u009bb`},
		{"right-to-left override (reorders what is read)", "abc\u202egnp.exe", `abc\u202egnp.exe`},
		{"bidi isolate", "\u2066x\u2069", `\u2066x\u2069`},
		{"invalid UTF-8", "a\xffb", `a\xffb`},
		{"DEL", "a\x7f", `a\x7f`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Terminal(tt.in); got != tt.want {
				t.Errorf("Terminal(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSpreadsheet(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "PageView", "PageView"},
		{"formula", "=HYPERLINK(\"http://evil.example\",\"click\")", "'=HYPERLINK(\"http://evil.example\",\"click\")"},
		{"plus", "+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
		{"minus", "-2+3", "'-2+3"},
		{"at", "@SUM(A1)", "'@SUM(A1)"},
		{"tab first is escaped, not a formula", "\t=1", `\x09=1`},
		{"formula later in the text is harmless", "a=1", "a=1"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Spreadsheet(tt.in); got != tt.want {
				t.Errorf("Spreadsheet(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
