package scenarios

import "testing"

func TestTutorialLoads(t *testing.T) {
	sc, err := Load("tutorial")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", sc.Units)
}
