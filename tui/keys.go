package tui

import "charm.land/bubbles/v2/key"

// keys are every key binding of the app, in one place; each screen lists
// the ones it uses in its help, so the help bar is always true.
type keys struct {
	Up, Down, Left, Right, Enter, Start, Back, Quit, ForceQuit, Help key.Binding
	Suspend                                                          key.Binding
	EndSession, BackToCard, BackToAnswer, Home                       key.Binding

	// practice setup
	Toggle, All key.Binding

	// answer screen (a notes field is always focused: only ctrl keys, tab
	// and esc are commands there)
	NextPhase, PrevPhase, Pause, Finish, Skip, AnswerHelp, Edit key.Binding

	// rating screen
	Rate, Area, Save, ScrollUp, ScrollDown, Pane, RowUp, RowDown key.Binding

	// home
	Resume, Discard, Today key.Binding

	// question browser, history and stats
	Topic, PrevTopic, NextTopic, Kind, Level, Open, Answer, QuestionHistory       key.Binding
	PractiseWeakest, OpenHistory                                                  key.Binding
	Earlier, Later, Search, EndSearch, ClearSearch, Mark, Practise, PractiseAgain key.Binding
	Copy, Delete, Confirm                                                         key.Binding
}

func newKeys() *keys {
	b := func(help, desc string, k ...string) key.Binding {
		return key.NewBinding(key.WithKeys(k...), key.WithHelp(help, desc))
	}
	k := &keys{
		Up:           b("↑/k", "up", "up", "k"),
		Down:         b("↓/j", "down", "down", "j"),
		Left:         b("←/h", "less", "left", "h"),
		Right:        b("→/l", "more", "right", "l"),
		Enter:        b("enter", "select", "enter"),
		Start:        b("enter", "start", "enter"),
		Home:         b("enter", "home", "enter"),
		EndSession:   b("esc", "end session", "esc"),
		BackToCard:   b("esc", "back to the question", "esc"),
		BackToAnswer: b("esc", "back to the answer", "esc"),
		Back:         b("esc", "back", "esc"),
		Quit:         b("q", "quit", "q"),
		ForceQuit:    b("ctrl+c", "quit", "ctrl+c"),
		Help:         b("?", "more keys", "?"),
		Suspend:      b("ctrl+z", "suspend", "ctrl+z"),

		Toggle: b("space", "toggle topic", "space"),
		All:    b("a", "all/none", "a"),

		NextPhase:  b("tab", "next", "tab"),
		PrevPhase:  b("shift+tab", "back", "shift+tab"),
		Pause:      b("ctrl+p", "pause", "ctrl+p"),
		Finish:     b("ctrl+d", "done", "ctrl+d"),
		Skip:       b("ctrl+s", "skip", "ctrl+s"),
		AnswerHelp: b("ctrl+g", "help", "ctrl+g"),
		Edit:       b("ctrl+e", "edit in $EDITOR", "ctrl+e"),

		Rate:       b("1-5", "rate", "1", "2", "3", "4", "5"),
		Area:       b("space", "covered", "space"),
		Save:       b("enter", "save", "enter"),
		ScrollUp:   b("pgup", "scroll up", "pgup"),
		ScrollDown: b("pgdn", "scroll down", "pgdown"),
		Pane:       b("v", "answer/guide/insights", "v"),
		RowUp:      b("↑/shift+tab", "previous row", "up", "shift+tab"),
		RowDown:    b("↓/tab", "next row", "down", "tab"),

		PrevTopic: b("←/h", "previous topic", "left", "h"),
		NextTopic: b("→/l", "next topic", "right", "l"),
		Kind:      b("tab", "kind", "tab"),
		Level:     b("shift+tab", "level", "shift+tab"),
		Open:      b("enter", "open", "enter"),

		Answer:          b("1-9", "an answer's history", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		QuestionHistory: b("H", "your attempts", "H"),
		PractiseWeakest: b("p", "practise the weakest", "p"),
		OpenHistory:     b("enter", "sessions on the topic", "enter"),
		Search:          b("/", "search", "/"),
		EndSearch:       b("enter", "done", "enter", "up", "down"),
		ClearSearch:     b("esc", "clear", "esc"),
		Mark:            b("space", "mark", "space"),
		Practise:        b("p", "practise", "p"),
		PractiseAgain:   b("p", "practise again", "p"),
		Today:           b("t", "today's set", "t"),
		Earlier:         b("←/h", "earlier", "left", "h"),
		Later:           b("→/l", "later", "right", "l"),
		Copy:            b("y", "copy markdown", "y"),
		Delete:          b("d", "delete", "d"),
		Confirm:         b("y", "yes", "y"),

		Resume:  b("r", "resume draft", "r"),
		Discard: b("x", "discard draft", "x"),
	}
	// Topic stands for the two in the help: one entry, both keys.
	k.Topic = b("←/→", "topic", append(k.PrevTopic.Keys(), k.NextTopic.Keys()...)...)
	return k
}
