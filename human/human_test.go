package human

import (
	"testing"
	"time"
)

func TestForms(t *testing.T) {
	for got, want := range map[string]string{
		Clock(0): "0:00",
		Clock(61*time.Second + 600*time.Millisecond): "1:02",
		Clock(40 * time.Minute):                      "40:00",
		Clock(-5 * time.Second):                      "-0:05",
		Stars(0):                                     "unrated",
		Stars(3):                                     "★★★☆☆",
		Stars(9):                                     "★★★★★",
		Count(1, "session"):                          "1 session",
		Count(0, "session"):                          "0 sessions",
		Count(2, "day"):                              "2 days",
		Count(3, "query", "queries"):                 "3 queries",
		Phase("deep-dive"):                           "Deep dive",
		Phase("situation"):                           "Situation",
		Phase(""):                                    "",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
