// Package human writes the small forms people read everywhere in rehearse:
// a clock time, a rating in stars, a count with its noun, a phase's name.
package human

import (
	"fmt"
	"strings"
	"time"
)

// Clock formats a duration as m:ss, rounded to the second.
func Clock(d time.Duration) string {
	d = d.Round(time.Second)
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	return fmt.Sprintf("%s%d:%02d", sign, int(d.Minutes()), int(d.Seconds())%60)
}

// Stars draws a rating of 1-5 as filled and empty stars; 0 is "unrated".
func Stars(n int) string {
	if n <= 0 {
		return "unrated"
	}
	n = min(n, 5)
	return strings.Repeat("★", n) + strings.Repeat("☆", 5-n)
}

// Count writes n with its noun, singular or plural: "1 day", "3 days". The
// plural is noun+"s" unless given.
func Count(n int, noun string, plural ...string) string {
	return fmt.Sprintf("%d %s", n, Noun(n, noun, plural...))
}

// Noun is noun, or its plural when n is not 1.
func Noun(n int, noun string, plural ...string) string {
	if n == 1 || n == -1 {
		return noun
	}
	if len(plural) > 0 {
		return plural[0]
	}
	return noun + "s"
}

// Phase writes a phase's name as people read it: "deep-dive" is "Deep dive".
func Phase(name string) string {
	if name == "" {
		return name
	}
	return strings.ToUpper(name[:1]) + strings.ReplaceAll(name[1:], "-", " ")
}
