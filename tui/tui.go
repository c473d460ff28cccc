// Package tui is rehearse's terminal interface: Bubble Tea screens that
// draw the practice domain, route keys, and run storage and rendering as
// commands.
package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/practice"
	"github.com/rehearse-app/rehearse/store"
)

// Minimum terminal size; below it the app says so instead of drawing.
const (
	MinWidth  = 60
	MinHeight = 18
)

// Options configure a run of the app.
type Options struct {
	Bank      *bank.Bank
	Store     Store
	Clock     practice.Clock
	Settings  practice.Settings // defaults of the practice setup; StartPractice draws with them
	Questions []string          // StartPractice: practise these questions, in order
	Start     Start             // the first screen
	Topic     string            // the topic history, stats and the question browser start on
	Kind      bank.Kind         // the kind the question browser starts on
	Level     bank.Level        // the level the question browser starts on
	// ReadOnly, when set, says why this run cannot write (another rehearse
	// holds the lock): the screens read, and starting to practise says so.
	ReadOnly error
}

// Start is the screen the app opens on.
type Start int

// The screens the app can open on.
const (
	StartHome     Start = iota
	StartPractice       // a session with Options.Settings at once
	StartHistory
	StartStats
	StartQuestions
)

// common is what every screen shares: the app's parts, its size, styles and
// keys. Screens hold it by pointer and never measure the terminal
// themselves: the root sets the size and styles here, then calls the
// screen's layout.
type common struct {
	bank     *bank.Bank
	store    Store
	clock    practice.Clock
	settings practice.Settings
	readOnly error // why this run cannot write, if it cannot

	width, height int
	bodyHeight    int // height left for the screen above the help bar
	styles        *styles
	keys          *keys
	help          help.Model
	markdown      *markdown
}

// screen is one page of the app.
type screen interface {
	update(tea.Msg) (screen, tea.Cmd)
	view() string
	// layout fits the screen to the width, body height and styles in
	// common. Only the root calls it (Model.layout): once when the screen
	// is shown, and once for each change of the terminal's size, the help
	// bar's height or the background. Screens get no WindowSizeMsg or
	// BackgroundColorMsg. The command, if any, renders again what depends
	// on the width or the style (markdown).
	layout() tea.Cmd
	help.KeyMap
}

// typingScreen is a screen that may have a text field focused, where
// printable keys such as q and ? are text, not commands.
type typingScreen interface {
	typing() bool
}

// suspender is a screen with something to do before ctrl+z stops the
// program: the session stops its clock and saves the draft.
type suspender interface {
	suspend() tea.Cmd
}

// wheelMode is what the mouse wheel does on a screen. Mouse reporting is
// on only where it does something, so that elsewhere the terminal's own
// selection works as usual.
type wheelMode int

const (
	wheelOff    wheelMode = iota
	wheelScroll           // the screen takes the wheel's messages (viewports, the notes)
	wheelMove             // the wheel moves a list, as the up and down keys do
)

// wheeled is a screen the mouse wheel scrolls.
type wheeled interface {
	wheel() wheelMode
}

func (m Model) wheel() wheelMode {
	if w, ok := m.screen.(wheeled); ok {
		return w.wheel()
	}
	return wheelOff
}

// draftHolder is a screen with an answer in progress.
type draftHolder interface {
	draft() *store.Draft
	SaveDraft() error
}

// Navigation messages, sent by screens to the root.
type (
	goHomeMsg              struct{}
	goBackMsg              struct{} // to the screen that opened this one
	openSetupMsg           struct{}
	openBrowserMsg         struct{ filter browserFilter }
	openHistoryMsg         struct{ topic string }
	openStatsMsg           struct{ topic string }
	openPastSessionMsg     struct{ id uint64 }
	openQuestionHistoryMsg struct{ id string }
	startSessionMsg        struct{ settings practice.Settings }
	practiseQuestionsMsg   struct{ ids []string }
	resumeDraftMsg         struct{ draft *store.Draft }
	errMsg                 struct{ err error }
)

// Model is the root of the app: it routes messages to the current screen
// and handles what is global (size, background, quitting, help).
type Model struct {
	c        *common
	screen   screen
	back     []screen // the screens to go back to, the last on top
	fullHelp bool
	start    tea.Msg // opens the first screen, if not home
	notice   string  // a passing word from the root, until the next key
}

// New returns the root model for opts.
func New(opts Options) Model {
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	c := &common{
		bank: opts.Bank, store: opts.Store, clock: opts.Clock, settings: opts.Settings, readOnly: opts.ReadOnly,
		width: 80, height: 24, styles: newStyles(true), keys: newKeys(), help: help.New(),
		markdown: newMarkdown(),
	}
	c.help.Styles = c.styles.help
	m := Model{c: c}
	switch opts.Start {
	case StartPractice:
		m.start = startSessionMsg{opts.Settings}
		if len(opts.Questions) > 0 {
			m.start = practiseQuestionsMsg{opts.Questions}
		}
	case StartHistory:
		m.start = openHistoryMsg{opts.Topic}
	case StartStats:
		m.start = openStatsMsg{opts.Topic}
	case StartQuestions:
		m.start = openBrowserMsg{browserFilter{topic: opts.Topic, kind: opts.Kind, level: opts.Level}}
	}
	m.screen = newHome(c)
	m.layout()
	return m
}

// Init asks for the terminal's background and loads the home screen's
// figures and any draft to resume.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, loadHome(m.c)}
	if m.start != nil {
		cmds = append(cmds, send(m.start))
	}
	return tea.Batch(cmds...)
}

// Update handles global messages and passes the rest to the screen.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.c.readOnly != nil && startsPractice(msg) {
		m.notice = "This window only reads: " + m.c.readOnly.Error()
		return m, nil
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.width, m.c.height = msg.Width, msg.Height
		m.c.help.SetWidth(msg.Width - 2)
		return m, m.layout()
	case tea.BackgroundColorMsg:
		m.c.styles = newStyles(msg.IsDark())
		m.c.help.Styles = m.c.styles.help
		return m, m.layout()
	case tea.KeyPressMsg:
		m.notice = ""
		if key.Matches(msg, m.c.keys.ForceQuit) {
			return m, tea.Quit
		}
		if key.Matches(msg, m.c.keys.Suspend) {
			var first tea.Cmd
			if s, ok := m.screen.(suspender); ok {
				first = s.suspend()
			}
			return m, tea.Sequence(first, tea.Suspend)
		}
		if (!m.typing() && key.Matches(msg, m.c.keys.Help)) || key.Matches(msg, m.c.keys.AnswerHelp) {
			m.fullHelp = !m.fullHelp
			return m.settle(nil)
		}
	case tea.MouseWheelMsg:
		switch m.wheel() {
		case wheelOff:
			return m, nil
		case wheelMove:
			code := tea.KeyDown
			if msg.Button == tea.MouseWheelUp {
				code = tea.KeyUp
			} else if msg.Button != tea.MouseWheelDown {
				return m, nil
			}
			var cmd tea.Cmd
			m.screen, cmd = m.screen.update(tea.KeyPressMsg{Code: code})
			return m.settle(cmd)
		}
	case goHomeMsg:
		m.screen, m.back = newHome(m.c), nil
		return m.show(loadHome(m.c))
	case goBackMsg:
		if len(m.back) == 0 {
			m.screen = newHome(m.c)
			return m.show(loadHome(m.c))
		}
		// The screen may have been laid out for another size.
		m.screen, m.back = m.back[len(m.back)-1], m.back[:len(m.back)-1]
		return m.show(nil)
	case openHistoryMsg:
		s, cmd := newHistory(m.c, msg.topic)
		return m.push(s, cmd)
	case openStatsMsg:
		s, cmd := newStats(m.c, msg.topic)
		return m.push(s, cmd)
	case openPastSessionMsg:
		s, cmd := newPastSession(m.c, msg.id)
		return m.push(s, cmd)
	case openQuestionHistoryMsg:
		s, cmd := newQuestionHistory(m.c, msg.id)
		return m.push(s, cmd)
	case openSetupMsg:
		s, cmd := newSetup(m.c)
		m.screen, m.back = s, nil
		return m.show(cmd)
	case openBrowserMsg:
		s, cmd := newBrowser(m.c, msg.filter)
		return m.push(s, cmd)
	case startSessionMsg:
		s, cmd := startSession(m.c, msg.settings)
		m.screen, m.back = s, nil
		return m.show(cmd)
	case practiseQuestionsMsg:
		s, cmd := practiseQuestions(m.c, msg.ids)
		m.screen, m.back = s, nil
		return m.show(cmd)
	case resumeDraftMsg:
		s, cmd := resumeSession(m.c, msg.draft)
		m.screen, m.back = s, nil
		return m.show(cmd)
	}
	var cmd tea.Cmd
	m.screen, cmd = m.screen.update(msg)
	return m.settle(cmd)
}

// startsPractice reports whether msg would begin or resume practising,
// which writes.
func startsPractice(msg tea.Msg) bool {
	switch msg.(type) {
	case startSessionMsg, practiseQuestionsMsg, resumeDraftMsg, openSetupMsg:
		return true
	}
	return false
}

// push opens s over the current screen, which esc returns to. The home
// screen is not kept: it is cheap to make again.
func (m Model) push(s screen, cmd tea.Cmd) (tea.Model, tea.Cmd) {
	if _, isHome := m.screen.(*home); !isHome {
		m.back = append(m.back, m.screen)
	}
	m.screen = s
	return m.show(cmd)
}

// show lays out a screen that was just made current.
func (m Model) show(cmd tea.Cmd) (tea.Model, tea.Cmd) {
	return m, tea.Batch(cmd, m.layout())
}

// settle lays the screen out again when the help bar's height changed
// (the full help toggled, or the screen's keys changed with its state).
func (m Model) settle(cmd tea.Cmd) (tea.Model, tea.Cmd) {
	if m.bodyHeight() == m.c.bodyHeight {
		return m, cmd
	}
	return m, tea.Batch(cmd, m.layout())
}

// layout is the one place screens are laid out: it sets the height left
// for the screen above the help bar, then calls the screen's layout.
func (m Model) layout() tea.Cmd {
	m.c.bodyHeight = m.bodyHeight()
	return m.screen.layout()
}

// bodyHeight is the height left for the screen by the help bar.
func (m Model) bodyHeight() int {
	m.c.help.ShowAll = m.fullHelp
	helpHeight := 1 // the short help is one line, cut to the width
	if m.fullHelp {
		helpHeight = lipgloss.Height(m.c.help.View(m.screen))
	}
	return max(m.c.height-helpHeight-1, 1)
}

func (m Model) typing() bool {
	t, ok := m.screen.(typingScreen)
	return ok && t.typing()
}

// View draws the current screen with the help bar, or says the terminal is
// too small.
func (m Model) View() tea.View {
	var v tea.View
	v.AltScreen = true
	v.WindowTitle = "rehearse"
	if m.c.width < MinWidth || m.c.height < MinHeight {
		msg := fmt.Sprintf("The terminal is too small: %d×%d. rehearse needs at least %d×%d. Enlarge the window, or press %s to quit.",
			m.c.width, m.c.height, MinWidth, MinHeight, m.c.keys.ForceQuit.Help().Key)
		v.SetContent(wrap(msg, max(m.c.width, 1)))
		return v
	}
	if m.wheel() != wheelOff {
		v.MouseMode = tea.MouseModeCellMotion
	}
	helpView := m.c.help.View(m.screen)
	body := fitHeight(m.screen.view(), m.c.bodyHeight)
	// A column of margin on the left; drawn by hand, as a padding style
	// would measure every line of every frame again.
	// The line between them carries the root's notice, if any.
	notice := m.c.styles.err.Render(truncate(m.notice, m.c.width-2))
	v.SetContent(indent(body+"\n"+notice+"\n"+helpView, " "))
	return v
}

// Draft returns the answer in progress, if any.
func (m Model) Draft() *store.Draft {
	if d, ok := m.screen.(draftHolder); ok {
		return d.draft()
	}
	return nil
}

// SaveDraft saves the answer in progress, if any: Run calls it however the
// program ends.
func (m Model) SaveDraft() error {
	if d, ok := m.screen.(draftHolder); ok {
		return d.SaveDraft()
	}
	return nil
}

// fitHeight cuts s to h lines, or pads it with empty lines to h.
func fitHeight(s string, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:max(h, 0)]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
