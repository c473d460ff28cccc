package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/rehearse-app/rehearse/archive"
)

func exportCmd(a *app) *cobra.Command {
	var format, output string
	var force bool
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Every session as JSON or markdown",
		Example: "  rehearse export -o rehearse.json\n" +
			"  rehearse export --format markdown -o - | less",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "json" && format != "markdown" {
				return usage(fmt.Errorf("unknown format %q; valid formats: json, markdown", format))
			}
			b, err := a.loadBank()
			if err != nil {
				return err
			}
			st, err := a.openReader()
			if err != nil {
				return err
			}
			defer st.Close()
			write := func(w io.Writer) error { return archive.Export(w, st, format, a.now(), archive.Analyzer(b)) }
			if output == "-" {
				return write(a.stdout)
			}
			if err := writeFile(output, force, write); err != nil {
				return err
			}
			_, err = fmt.Fprintf(a.stderr, "exported to %s\n", output)
			return err
		},
	}
	cmd.Flags().StringVar(&format, "format", "json", "json or markdown")
	cmd.Flags().StringVarP(&output, "output", "o", "-", "file to write; - is stdout")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite an existing file")
	return cmd
}

// writeFile writes a new file (mode 0600) through a temporary file renamed
// into place, so a failed export leaves nothing half-written. It refuses an
// existing file unless force is set.
func writeFile(path string, force bool, write func(io.Writer) error) error {
	if _, err := os.Lstat(path); err == nil && !force {
		return fmt.Errorf("%s exists; use --force to overwrite it", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("export: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("export: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if !force {
		// Refuse a file that appeared meanwhile: link fails if it exists.
		if err := os.Link(tmp.Name(), path); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return nil
	}
	return os.Rename(tmp.Name(), path)
}
