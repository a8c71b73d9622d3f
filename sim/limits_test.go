package sim

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestRunRefusesWhatWouldNotFitInMemory(t *testing.T) {
	t.Parallel()
	// tiny keeps 9 numbers a replication: days to 5 fractions, shares on 3
	// days, 1 unit's day; 50,000,000 / 9 = 5,555,555 replications at most.
	_, err := Run(context.Background(), tiny(), &Options{Replications: 5_555_556})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "9 numbers each") || !strings.Contains(err.Error(), "at most 5555555 replications") {
		t.Fatalf("got %v, want ErrTooLarge for 9 numbers each, at most 5555555 replications", err)
	}
}
