// Package rehearse holds the question bank that is built into the binary.
package rehearse

import _ "embed"

//go:generate go test ./bank -run TestCompiledBankIsCurrent -update

// QuestionsYAML is questions.yaml, the bank every run starts from.
//
//go:embed questions.yaml
var QuestionsYAML []byte

// QuestionsCompiled is questions.bank: questions.yaml compiled by
// bank.Compile, so that start-up need not parse the YAML.
//
//go:embed questions.bank
var QuestionsCompiled []byte
