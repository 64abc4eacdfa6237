package bot

import (
	"bytes"
	"image/png"
	"testing"
)

func TestWeeklyChartIsAPNGOfSensibleSize(t *testing.T) {
	weekly := []int{0, 1, 2, 3, 3, 2, 0, 0, 1, 3, 3, 2}
	b, err := weeklyChart(weekly, 3)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("chart is not a PNG: %v", err)
	}
	size := img.Bounds().Size()
	if size.X < 300 || size.X > 2000 || size.Y < 150 || size.Y > 1200 {
		t.Errorf("chart is %v pixels, want a phone-friendly size", size)
	}
	if len(b) > 8<<20 {
		t.Errorf("chart is %d bytes, over Discord's attachment limit", len(b))
	}
	// Different data draws a different picture.
	other, err := weeklyChart(make([]int, 12), 2)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(b, other) {
		t.Errorf("charts of different weeks are identical")
	}
}
