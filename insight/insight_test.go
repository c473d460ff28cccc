package insight_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rehearse-app/rehearse/bank"
	"github.com/rehearse-app/rehearse/insight"
	"github.com/rehearse-app/rehearse/practice"
)

var (
	star    = bank.Frame{Name: "star", Phases: []string{"situation", "task", "action", "result"}, Shares: []float64{0.2, 0.1, 0.5, 0.2}}
	explain = bank.Frame{Name: "explain", Phases: []string{"define", "mechanism", "example", "tradeoffs"}, Shares: []float64{0.15, 0.35, 0.25, 0.25}}
	design  = bank.Frame{Name: "design", Phases: []string{"requirements", "estimates", "design", "deep-dive", "bottlenecks", "tradeoffs"}, Shares: []float64{0.15, 0.10, 0.25, 0.25, 0.15, 0.10}}
	pitch   = bank.Frame{Name: "pitch", Phases: []string{"point", "evidence", "fit"}, Shares: []float64{0.25, 0.5, 0.25}}
)

var slowQuery = bank.Question{ID: "slow-query", Kind: bank.Behavioral, Cover: []string{
	"How you noticed the problem (alert, dashboard, customer report)",
	"How you found the bottleneck (query plan, slow query log, profiler)",
	"The fix and why you chose it over the alternatives",
	"How you verified the improvement with numbers",
	"What you changed so it does not happen again",
}, Followups: []string{"How did you verify it?", "What would you do differently?"}}

var conflict = bank.Question{ID: "conflict", Kind: bank.Behavioral, Cover: []string{
	"What the disagreement was about, in technical terms",
	"How you understood the other engineer's position",
	"The data or experiment you used to decide",
	"How the decision was made and recorded",
	"The relationship afterwards",
}, Followups: []string{"What if you had been wrong?", "Who decided?"}}

var indexing = bank.Question{ID: "indexing", Kind: bank.Technical, Cover: []string{
	"What a B-tree index stores and how a lookup uses it",
	"Composite indexes and column order",
	"When the planner prefers a sequential scan",
	"The cost of indexes on writes and storage",
	"Covering indexes and index-only scans",
}, Followups: []string{"How do you find unused indexes?", "What about partial indexes?"}}

var feed = bank.Question{ID: "feed", Kind: bank.Technical, Cover: []string{
	"Requirements and the read/write ratio",
	"Fan-out on write versus fan-out on read",
	"Handling celebrities with millions of followers",
	"Caching the timeline",
	"Ranking and pagination",
}, Followups: []string{"How do you backfill?", "What breaks first?"}}

var aboutYou = bank.Question{ID: "about-you", Kind: bank.Behavioral, Cover: []string{
	"A one-sentence summary of who you are as an engineer",
	"Two or three concrete achievements",
	"Why this role is the next step",
	"Kept to about two minutes",
}, Followups: []string{"Why backend?", "What are you looking for?"}}

var dbTerms = []string{"index", "query plan", "EXPLAIN", "transaction", "isolation level", "lock", "replica", "B-tree", "sequential scan"}
var designTerms = []string{"QPS", "fan-out", "cache", "shard", "partition", "read/write ratio", "CDN", "queue"}

// answer is an answer written for this test, with the signals it must and
// must not raise.
type answer struct {
	name    string
	q       bank.Question
	frame   bank.Frame
	minutes float64
	notes   []string // per phase
	seconds []int    // per phase
	terms   []string

	quantified     bool
	minI, maxI     int // -1: no check
	minWe, maxWe   int
	hedges         []string // must be counted
	fillers        []string // must be counted
	areas          []int    // indexes into the cover that must be mentioned
	notAreas       []int    // … that must not
	termsUsed      []string
	suggest        []string // substrings some suggestion must have
	neverSuggest   []string // substrings no suggestion may have
	numbersInclude []string
}

func (tt answer) attempt(t *testing.T) *practice.Attempt {
	t.Helper()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	a := practice.NewAttempt(tt.q, tt.frame, tt.minutes, 0, 1, clock)
	a.Start()
	for i := range a.PhaseCount() {
		a.Goto(i)
		if i < len(tt.notes) {
			a.SetNotes(tt.notes[i])
		}
		if i < len(tt.seconds) {
			now = now.Add(time.Duration(tt.seconds[i]) * time.Second)
		}
	}
	a.Finish()
	return a
}

var answers = []answer{
	{
		name: "strong story with numbers and I", q: slowQuery, frame: star, minutes: 3,
		notes: []string{
			"Checkout service at a ticketing company, 1,200 orders a minute at peak. An alert fired: the order history page took 6 s at p95.",
			"I was on call and owned the order service, so finding the cause was mine.",
			"I pulled the query plan with EXPLAIN ANALYZE and saw a sequential scan over 30 million rows. I checked the slow query log to confirm it was this query. I added a composite index on (customer_id, created_at) with CREATE INDEX CONCURRENTLY so writes kept flowing, and I rewrote the OFFSET pagination as keyset pagination.",
			"p95 went from 6 s to 180 ms, and support tickets about the page dropped from 40 a week to 2. I added a CI check that runs EXPLAIN on new queries against a copy of production statistics.",
		},
		seconds: []int{30, 15, 95, 40}, terms: dbTerms,
		quantified: true, minI: 5, maxI: -1, minWe: 0, maxWe: 0,
		areas: []int{1}, notAreas: []int{0}, termsUsed: []string{"query plan", "index", "sequential scan"},
		numbersInclude: []string{"from 6 s to 180 ms"},
		neverSuggest:   []string{"no number", "\"we\"", "hedged", "filler"},
	},
	{
		name: "story without a number in the result", q: slowQuery, frame: star, minutes: 3,
		notes: []string{
			"Reporting service for a logistics firm; a nightly report ran into the morning.",
			"I had to make it finish before the team started work.",
			"I profiled the job, found one query doing a full scan, added an index and split the report into batches.",
			"It got a lot faster and the team was happy with it.",
		},
		seconds:    []int{35, 20, 90, 35},
		quantified: false, minI: 2, maxI: -1, minWe: 0, maxWe: 0,
		suggest: []string{"Your Result has no number"},
	},
	{
		name: "action told as we", q: slowQuery, frame: star, minutes: 3,
		notes: []string{
			"Payments API at a fintech startup; card authorisations timed out during a sale.",
			"Our team had to get authorisations under the 2 s limit of the card network.",
			"We looked at the traces. We found that we were calling the fraud service twice. We removed one call, we added a cache, and we load tested it before the next sale. I wrote the ticket.",
			"Timeouts fell from 3% to 0.1% of authorisations.",
		},
		seconds:    []int{30, 15, 100, 35},
		quantified: true, minI: 1, maxI: 1, minWe: 6, maxWe: -1,
		suggest:      []string{"Action says \"we\" 6 times and \"I\" once"},
		neverSuggest: []string{"no number"},
	},
	{
		name: "hedged story", q: conflict, frame: star, minutes: 3,
		notes: []string{
			"I think it was my second year at an ad-tech company, maybe 2022.",
			"I was sort of responsible for the bidding service.",
			"Another engineer wanted to move to gRPC. I guess I felt REST was fine. We kind of argued, and I think I probably suggested a benchmark of both with real payloads. I ran it myself over two days.",
			"gRPC cut p99 from 90 ms to 35 ms so we adopted it, and I wrote the decision record.",
		},
		seconds:    []int{30, 20, 90, 40},
		quantified: true, minI: 4, maxI: -1, minWe: 1, maxWe: -1,
		hedges:  []string{"I think", "maybe", "sort of", "I guess", "kind of", "probably"},
		suggest: []string{"You hedged"},
	},
	{
		name: "rambling situation", q: conflict, frame: star, minutes: 3,
		notes: []string{
			"We had a monolith written in Ruby that handled orders, payments, email and reporting, and the team had grown from 5 to 25 people over two years, and deploys were slow, and there were arguments about everything, and also the office moved.",
			"Split out payments.",
			"I proposed extracting payments behind an interface first.",
			"Payment deploys went from 1 a week to 4 a day.",
		},
		seconds:    []int{110, 10, 40, 20},
		quantified: true, minI: 1, maxI: -1, minWe: 1, maxWe: -1,
		suggest: []string{"Situation took 61% of your time against 20%"},
	},
	{
		name: "filler-heavy story", q: conflict, frame: star, minutes: 3,
		notes: []string{
			"So basically at my last job we had, you know, a lot of stuff going on with the deploy pipeline.",
			"I was just the one who had to basically fix things.",
			"I actually rewrote the pipeline config and, you know, literally removed half the stages that were just duplicating things.",
			"Pipeline time dropped from 45 minutes to 12 minutes.",
		},
		seconds:    []int{35, 18, 90, 37},
		quantified: true, minI: 3, maxI: -1, minWe: 1, maxWe: -1,
		fillers: []string{"basically", "you know", "stuff", "just", "things", "actually", "literally"},
		suggest: []string{"filler words"},
	},
	{
		name: "answered aloud with no notes", q: slowQuery, frame: star, minutes: 3,
		notes: nil, seconds: []int{40, 15, 80, 45},
		quantified: false, minI: 0, maxI: 0, minWe: 0, maxWe: 0,
		suggest: []string{"No notes to read"}, neverSuggest: []string{"Your Result has no number"},
	},
	{
		name: "strong conflict story", q: conflict, frame: star, minutes: 3,
		notes: []string{
			"At a mobile banking company, 3 backend engineers on the accounts team.",
			"A senior colleague and I disagreed on whether to cache balances; I had to settle it before the quarterly release.",
			"I asked him to walk me through his position: he feared stale balances after transfers. I proposed we decide with data from an experiment: a cache with write-through invalidation behind a flag for 5% of users, and I measured stale reads. I recorded the results and the decision in a design doc we both signed.",
			"Zero stale reads in two weeks, balance latency from 220 ms to 35 ms at p95. We still pair on caching work.",
		},
		seconds:    []int{30, 20, 95, 35},
		quantified: true, minI: 5, maxI: -1, minWe: 0, maxWe: 3,
		areas: []int{1, 2, 3}, neverSuggest: []string{"no number", "\"we\"", "hedged"},
	},
	{
		name: "story with money and users", q: slowQuery, frame: star, minutes: 3,
		notes: []string{
			"Video platform, cloud bill growing 20% a month.",
			"I was asked to cut database spend.",
			"I found an unused replica and oversized instances, and I moved cold analytics queries to a read replica.",
			"Saved $18k a month and 2,000 users no longer saw timeouts.",
		},
		seconds:    []int{30, 15, 90, 45},
		quantified: true, numbersInclude: []string{"$18k", "2,000 users"},
		minI: 3, maxI: -1, minWe: 0, maxWe: 0, neverSuggest: []string{"no number"},
	},
	{
		name: "weak story touching few areas", q: slowQuery, frame: star, minutes: 3,
		notes:      []string{"There was a slow thing.", "Fix it.", "I fixed the code.", "It worked."},
		seconds:    []int{36, 18, 90, 36},
		quantified: false, minI: 1, maxI: -1, minWe: 0, maxWe: 0,
		notAreas: []int{0, 1, 2, 3, 4},
		suggest:  []string{"Your Result has no number", "areas a strong answer covers"},
	},
	{
		name: "percentages and multipliers count as numbers", q: slowQuery, frame: star, minutes: 3,
		notes:      []string{"Search service.", "Reduce errors.", "I added retries with jitter.", "Error rate fell by 80% and throughput went up 3x."},
		seconds:    []int{36, 18, 90, 36},
		quantified: true, numbersInclude: []string{"80%", "3x"}, minI: 1, maxI: -1, minWe: 0, maxWe: 0,
	},
	{
		name: "a version number is not a result", q: slowQuery, frame: star, minutes: 3,
		notes:      []string{"Upgrade project.", "Move us to Postgres 16.", "I planned the upgrade with pg_upgrade.", "We finished version 16 in March."},
		seconds:    []int{36, 18, 90, 36},
		quantified: false, minI: 1, maxI: -1, minWe: 2, maxWe: -1,
		suggest: []string{"Your Result has no number"},
	},
	{
		name: "strong technical answer on indexes", q: indexing, frame: explain, minutes: 4, terms: dbTerms,
		notes: []string{
			"An index is a separate sorted structure, usually a B-tree, that maps column values to row locations.",
			"A lookup walks the B-tree from root to leaf in a few page reads. With a composite index the column order matters: (tenant_id, created_at) serves filters on tenant_id alone but not on created_at alone. An index-only scan answers from a covering index without touching the table.",
			"On a 50 million row events table, an index on (tenant_id, created_at) took a dashboard query from 2.3 s to 15 ms.",
			"Every index slows writes and costs storage; the planner picks a sequential scan when a query matches a large share of rows, and that is the right call.",
		},
		seconds:    []int{35, 85, 60, 60},
		quantified: true, minI: 0, maxI: 0, minWe: 0, maxWe: 0,
		areas: []int{0, 1, 2, 3, 4}, termsUsed: []string{"index", "B-tree", "sequential scan"},
		neverSuggest: []string{"No terms of the trade", "Your Result"},
	},
	{
		name: "vague technical answer", q: indexing, frame: explain, minutes: 4, terms: dbTerms,
		notes: []string{
			"It makes queries faster, basically.",
			"The database looks things up faster because it is kind of sorted, I think, and it stores stuff so you do not have to look at everything, which is good for most of the queries you will write day to day in an application.",
			"Like when a page is slow you add one and then it is faster and users are happier with the page and everyone is happy.",
			"Maybe too many are bad, probably, because things get slower, sort of, but it depends on the situation and the team.",
		},
		seconds:    []int{35, 85, 60, 60},
		quantified: false, minI: 0, maxI: -1, minWe: 0, maxWe: 0,
		hedges:   []string{"kind of", "I think", "maybe", "probably", "sort of"},
		notAreas: []int{1, 4},
		suggest:  []string{"You hedged"}, neverSuggest: []string{"Your Result"},
	},
	{
		name: "technical answer without job terms", q: indexing, frame: explain, minutes: 4, terms: dbTerms,
		notes: []string{
			"A structure that lets the database find matching rows without reading all of them.",
			"It keeps values in order with pointers to where each row lives, so finding a value takes a handful of reads rather than thousands, even on big tables with millions of entries.",
			"Finding a customer by email among ten million customers takes one short walk down the structure.",
			"Keeping it current costs time on every insert and update, and it takes disk space.",
		},
		seconds:    []int{35, 85, 60, 60},
		quantified: false, minI: 0, maxI: 0, minWe: 0, maxWe: 0,
		suggest: []string{"No terms of the trade yet (such as index, query plan)"},
	},
	{
		name: "technical answer with the time in the mechanism", q: indexing, frame: explain, minutes: 4, terms: dbTerms,
		notes:      []string{"A B-tree index.", "It is a balanced tree of pages; lookups walk from the root to a leaf.", "Orders by customer.", "Writes cost more."},
		seconds:    []int{20, 200, 20, 20},
		quantified: false, minI: 0, maxI: 0, minWe: 0, maxWe: 0,
		suggest: []string{"Mechanism took 77% of your time against 35%"},
	},
	{
		name: "design answer with estimates", q: feed, frame: design, minutes: 40, terms: designTerms,
		notes: []string{
			"Users post and read a home timeline; 50 million daily users, reads dominate with a read/write ratio of about 100 to 1.",
			"500 million timeline reads a day is about 6k QPS on average and 30k QPS at peak; posts are 5 million a day, under 100 per second.",
			"Clients hit an API behind a load balancer; a post service writes to a posts store and a queue; fan-out workers write post ids into per-user timeline caches.",
			"Fan-out on write for normal users; for accounts with millions of followers fan-out on read at query time and merge. Timelines live in a Redis cache keyed by user, sharded by user id.",
			"Hot keys for celebrities, the fan-out queue backing up after a big post, cache memory for inactive users.",
			"Fan-out on write costs storage and write amplification but keeps reads fast; I would revisit ranking later.",
		},
		seconds:    []int{360, 240, 600, 600, 360, 240},
		quantified: true, minI: 1, maxI: -1, minWe: 0, maxWe: 0,
		areas: []int{0, 1, 2, 3}, termsUsed: []string{"QPS", "fan-out", "cache", "read/write ratio"},
		neverSuggest: []string{"took", "No terms"},
	},
	{
		name: "design answer that skips requirements", q: feed, frame: design, minutes: 40, terms: designTerms,
		notes:      []string{"", "", "A service and a database.", "Use a cache.", "", ""},
		seconds:    []int{10, 10, 1500, 800, 60, 20},
		quantified: false, minI: 0, maxI: 0, minWe: 0, maxWe: 0,
		suggest: []string{"Design took 63% of your time against 25%"},
	},
	{
		name: "short pitch", q: aboutYou, frame: pitch, minutes: 2,
		notes: []string{
			"I am a backend engineer who likes making slow, fragile systems fast and boring.",
			"In four years at a payments company I led the move of settlement jobs to a queue, which cut failed settlements from 120 a month to 3, and I mentored two juniors to their first on-call rotations.",
			"Your team is rebuilding its ledger, which is the work I know best.",
		},
		seconds:    []int{30, 60, 30},
		quantified: true, minI: 3, maxI: -1, minWe: 0, maxWe: 0,
		numbersInclude: []string{"from 120 a month to 3"}, neverSuggest: []string{"Your Result", "took"},
	},
	{
		name: "pitch that is all we", q: aboutYou, frame: pitch, minutes: 2,
		notes:      []string{"We are a team of twelve.", "We built the platform and we scaled it and we shipped the app.", "We would fit."},
		seconds:    []int{30, 60, 30},
		quantified: false, minI: 0, maxI: 0, minWe: 5, maxWe: -1,
		neverSuggest: []string{"Action says"},
	},
	{
		name: "CR line endings and curly apostrophes", q: slowQuery, frame: star, minutes: 3,
		notes: []string{
			"Billing service.\r\nMonthly invoices.",
			"I’d been asked to fix invoice runs.",
			"I’m the one who batched the writes;\r\nI’ve also added an index.",
			"Runtime from 4 hours to 25 minutes.",
		},
		seconds:    []int{36, 18, 90, 36},
		quantified: true, minI: 3, maxI: -1, minWe: 0, maxWe: 0, numbersInclude: []string{"from 4 hours to 25 minutes"},
	},
	{
		name: "follow-up notes count in the words", q: slowQuery, frame: star, minutes: 3,
		notes:      []string{"Search team at a marketplace.", "Own the query latency.", "I rewrote the query.", "p95 down to 90 ms."},
		seconds:    []int{36, 18, 90, 36},
		quantified: true, minI: 1, maxI: -1, minWe: 0, maxWe: 0, numbersInclude: []string{"p95", "90 ms"},
	},
}

func TestAnswers(t *testing.T) {
	if len(answers) < 20 {
		t.Fatalf("%d answers; the insights are tested on at least 20", len(answers))
	}
	for _, tt := range answers {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.attempt(t)
			in := insight.Analyze(a, tt.terms)
			all := strings.Join(in.Suggestions, "\n")
			if in.Version != insight.Version {
				t.Errorf("version %d", in.Version)
			}
			if len(in.Suggestions) > 2 {
				t.Errorf("%d suggestions, at most 2: %q", len(in.Suggestions), in.Suggestions)
			}
			if in.Quantified != tt.quantified {
				t.Errorf("quantified = %v (numbers %q), want %v", in.Quantified, in.Numbers, tt.quantified)
			}
			for _, n := range tt.numbersInclude {
				if !slices.Contains(in.Numbers, n) {
					t.Errorf("numbers %q lack %q", in.Numbers, n)
				}
			}
			checkRange(t, "I", in.ICount, tt.minI, tt.maxI)
			checkRange(t, "we", in.WeCount, tt.minWe, tt.maxWe)
			for _, h := range tt.hedges {
				if !hasCount(in.Hedges, h) {
					t.Errorf("hedge %q not counted: %+v", h, in.Hedges)
				}
			}
			for _, f := range tt.fillers {
				if !hasCount(in.Fillers, f) {
					t.Errorf("filler %q not counted: %+v", f, in.Fillers)
				}
			}
			for _, i := range tt.areas {
				if !slices.Contains(in.AreasMentioned, tt.q.Cover[i]) {
					t.Errorf("area %q not found; found %q", tt.q.Cover[i], in.AreasMentioned)
				}
			}
			for _, i := range tt.notAreas {
				if slices.Contains(in.AreasMentioned, tt.q.Cover[i]) {
					t.Errorf("area %q found in notes that do not mention it", tt.q.Cover[i])
				}
			}
			for _, term := range tt.termsUsed {
				if !slices.Contains(in.TermsUsed, term) {
					t.Errorf("term %q not found; found %q", term, in.TermsUsed)
				}
			}
			for _, s := range tt.suggest {
				if !strings.Contains(all, s) {
					t.Errorf("no suggestion says %q; suggestions:\n%s", s, all)
				}
			}
			for _, s := range tt.neverSuggest {
				if strings.Contains(all, s) {
					t.Errorf("a suggestion says %q:\n%s", s, all)
				}
			}
			if len(in.Phases) != len(tt.frame.Phases) {
				t.Fatalf("%d phases, want %d", len(in.Phases), len(tt.frame.Phases))
			}
			var share float64
			for i, p := range in.Phases {
				share += p.Share
				if p.Name != tt.frame.Phases[i] || abs(p.TargetShare-tt.frame.Shares[i]) > 0.01 {
					t.Errorf("phase %d = %+v, want %s with target %.2f", i, p, tt.frame.Phases[i], tt.frame.Shares[i])
				}
			}
			if abs(share-1) > 0.001 {
				t.Errorf("phase shares sum to %.3f", share)
			}
		})
	}
}

func checkRange(t *testing.T, what string, got, least, most int) {
	t.Helper()
	if least >= 0 && got < least || most >= 0 && got > most {
		t.Errorf("%s count %d, want %d..%d", what, got, least, most)
	}
}

func hasCount(cs []insight.Count, word string) bool {
	return slices.ContainsFunc(cs, func(c insight.Count) bool { return c.Word == word && c.Count > 0 })
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestSameAnswerSameInsights(t *testing.T) {
	a := answers[0].attempt(t)
	first := insight.Analyze(a, dbTerms)
	for range 5 {
		if again := insight.Analyze(a, dbTerms); !slices.Equal(again.Suggestions, first.Suggestions) ||
			!slices.Equal(again.AreasMentioned, first.AreasMentioned) || !slices.Equal(again.TermsUsed, first.TermsUsed) {
			t.Fatal("insights differ between runs")
		}
	}
}

// BenchmarkLongAnswer measures the insights of an answer with 1,000 lines
// of notes; the budget is 5 ms.
func BenchmarkLongAnswer(b *testing.B) {
	tt := answers[0]
	tt.notes = []string{
		strings.Repeat("The checkout service slowed down after the release and I looked at the query plan first.\n", 250),
		strings.Repeat("I owned the order service and had to bring p95 back under 300 ms before the sale.\n", 250),
		strings.Repeat("I added a composite index, I rewrote pagination, and we load tested it at 2x peak, basically.\n", 250),
		strings.Repeat("p95 went from 6 s to 180 ms and tickets fell from 40 to 2 a week.\n", 250),
	}
	a := tt.attempt(&testing.T{})
	for b.Loop() {
		insight.Analyze(a, dbTerms)
	}
}
