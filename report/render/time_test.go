package render_test

import (
	"testing"
	"time"

	"github.com/haruspex/haruspex/decode"
	"github.com/haruspex/haruspex/har"
	"github.com/haruspex/haruspex/report/render"
)

// TestTime is the one time display of every output (the table, CSV,
// report.html and report.md once each had their own, and disagreed on
// times that could not be read).
func TestTime(t *testing.T) {
	at := time.Date(2025, 11, 12, 9, 12, 35, 419_000_000, time.UTC)
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip(err)
	}
	kolkata, _ := time.LoadLocation("Asia/Kolkata")
	tests := []struct {
		name string
		t    har.Time
		loc  *time.Location
		want string
	}{
		{"UTC", har.Time{T: at}, nil, "2025-11-12T09:12:35.419Z"},
		{"UTC asked for", har.Time{T: at}, time.UTC, "2025-11-12T09:12:35.419Z"},
		{"a captured offset is shown in UTC", har.Time{T: at.In(kolkata)}, nil, "2025-11-12T09:12:35.419Z"},
		{"--tz", har.Time{T: at}, kolkata, "2025-11-12T14:42:35.419+05:30"},
		{"--tz in winter time", har.Time{T: at}, london, "2025-11-12T09:12:35.419Z"},
		// Bad: the capture's text could not be read as a time.
		{"unreadable", har.Time{Raw: "NaN-NaN-NaNTNaN:NaN:NaN.NaN+NaN:NaN"}, nil, "NaN-NaN-NaNTNaN:NaN:NaN.NaN+NaN:NaN (unreadable)"},
		// Bad: no time at all.
		{"none", har.Time{}, kolkata, "(no time)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := &decode.Event{Time: tt.t}
			if got := render.Time(ev, tt.loc); got != tt.want {
				t.Errorf("Time() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEventName(t *testing.T) {
	tests := []struct {
		ev   decode.Event
		want string
	}{
		{decode.Event{Kind: decode.KindNavigation, Name: "ignored"}, "opened page"},
		{decode.Event{Kind: decode.KindEvent, Name: "SubscribedButtonClick"}, "SubscribedButtonClick"},
		{decode.Event{Kind: decode.KindInstallation}, "installation"},
	}
	for _, tt := range tests {
		if got := render.EventName(&tt.ev); got != tt.want {
			t.Errorf("EventName(%+v) = %q, want %q", tt.ev, got, tt.want)
		}
	}
}
