package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/progress"
	"charm.land/lipgloss/v2"

	"github.com/rehearse-app/rehearse/practice"
)

// styles holds every style of the app, built once for a light or dark
// terminal background and shared by pointer.
type styles struct {
	title, subtle, faint, accent, selected, err, ok     lipgloss.Style
	prompt, followup, edge, edgeFocused, tab, activeTab lipgloss.Style
	paceColor                                           map[practice.Pace]color.Color
	pace                                                map[practice.Pace]lipgloss.Style
	bar                                                 map[practice.Pace]progress.Model
	help                                                help.Styles
	cursor                                              lipgloss.Style
	markdown                                            string // glamour style name
}

func newStyles(isDark bool) *styles {
	ld := lipgloss.LightDark(isDark)
	var (
		text   = ld(lipgloss.Color("#1a1a1a"), lipgloss.Color("#e6e6e6"))
		subtle = ld(lipgloss.Color("#5c5c5c"), lipgloss.Color("#a8a8a8"))
		faint  = ld(lipgloss.Color("#8a8a8a"), lipgloss.Color("#6c6c6c"))
		accent = ld(lipgloss.Color("#5a3fd6"), lipgloss.Color("#a48bff"))
		green  = ld(lipgloss.Color("#1f7a3a"), lipgloss.Color("#5fd38d"))
		amber  = ld(lipgloss.Color("#9a6400"), lipgloss.Color("#f2c14e"))
		red    = ld(lipgloss.Color("#b3261e"), lipgloss.Color("#ff6b6b"))
		border = ld(lipgloss.Color("#c4c4c4"), lipgloss.Color("#4a4a4a"))
	)
	s := &styles{
		title:       lipgloss.NewStyle().Bold(true).Foreground(accent),
		subtle:      lipgloss.NewStyle().Foreground(subtle),
		faint:       lipgloss.NewStyle().Foreground(faint),
		accent:      lipgloss.NewStyle().Foreground(accent),
		selected:    lipgloss.NewStyle().Bold(true).Foreground(accent),
		err:         lipgloss.NewStyle().Foreground(red),
		ok:          lipgloss.NewStyle().Foreground(green),
		prompt:      lipgloss.NewStyle().Bold(true).Foreground(text),
		followup:    lipgloss.NewStyle().Bold(true).Foreground(amber),
		edge:        lipgloss.NewStyle().Foreground(border),
		edgeFocused: lipgloss.NewStyle().Foreground(accent),
		tab:         lipgloss.NewStyle().Foreground(subtle).Padding(0, 1),
		activeTab:   lipgloss.NewStyle().Bold(true).Foreground(text).Background(ld(lipgloss.Color("#e4defc"), lipgloss.Color("#3b2f73"))).Padding(0, 1),
		paceColor:   map[practice.Pace]color.Color{practice.OnPace: green, practice.Near: amber, practice.Over: red},
		help:        help.DefaultStyles(isDark),
		cursor:      lipgloss.NewStyle().Reverse(true),
		markdown:    "light",
	}
	if isDark {
		s.markdown = "dark"
	}
	s.pace = map[practice.Pace]lipgloss.Style{}
	s.bar = map[practice.Pace]progress.Model{}
	for p, c := range s.paceColor {
		s.pace[p] = lipgloss.NewStyle().Foreground(c)
		bar := progress.New(progress.WithColors(c), progress.WithoutPercentage(), progress.WithFillCharacters('━', '─'))
		bar.EmptyColor = border
		s.bar[p] = bar
	}
	return s
}

// paceBar draws a bar of width cells for spent against target, coloured by
// the pace.
func (s *styles) paceBar(p practice.Pace, fraction float64, width int) string {
	bar := s.bar[p]
	bar.SetWidth(width)
	return bar.ViewAs(min(fraction, 1))
}
