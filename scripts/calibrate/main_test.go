package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/graph/loaders/extract"
)

// TestRun calibrates on the founding articles and their gold: the table
// it writes reads back and counts the claims the gold confirms.
func TestRun(t *testing.T) {
	// A small gold for the founding articles, by hand.
	gold := filepath.Join(t.TempDir(), "gold.json")
	if err := os.WriteFile(gold, []byte(`{"entities": {
	    "facebook": {"names": ["Facebook"], "type": "Company"},
	    "huawei": {"names": ["Huawei"], "type": "Company"},
	    "lenovo": {"names": ["Lenovo"], "type": "Company"}},
	  "relations": {"required": [["facebook", "SHARED_DATA_WITH", "huawei"], ["facebook", "SHARED_DATA_WITH", "lenovo"]],
	                "optional": []}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "calibration.tsv")
	var report strings.Builder
	if err := run(gold, filepath.Join("..", "..", "examples", "facebook-china"), out, &report); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := extract.ReadCalibration(strings.NewReader(string(data))); err != nil {
		t.Fatalf("the table does not read back: %v\n%s", err, data)
	}
	if !strings.Contains(string(data), "active\tSHARED_DATA_WITH\t") || strings.Contains(string(data), "active\tSHARED_DATA_WITH\t0\t") {
		t.Errorf("no row of right SHARED_DATA_WITH claims:\n%s", data)
	}
	if !strings.Contains(report.String(), "held out") || !strings.Contains(report.String(), "precision") {
		t.Errorf("no reliability table in the report:\n%s", report.String())
	}
	if err := run(gold, t.TempDir(), out, &report); err == nil {
		t.Error("a folder with no articles calibrated without an error")
	}
}
