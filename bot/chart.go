package bot

import (
	"bytes"
	"fmt"
	"image/color"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// weeklyChart draws completions per week (oldest first, this week last) as
// a PNG bar chart with the weekly target as a line.
func weeklyChart(weekly []int, target int) ([]byte, error) {
	p := plot.New()
	p.Title.Text = "Workouts per week"
	p.Y.Label.Text = "done"
	p.Y.Min = 0
	p.Y.Max = float64(slices.Max(append([]int{0, target}, weekly...)) + 1)

	values := make(plotter.Values, len(weekly))
	labels := make([]string, len(weekly))
	for i, n := range weekly {
		values[i] = float64(n)
		labels[i] = fmt.Sprintf("%d", i-len(weekly)+1)
	}
	if len(labels) > 0 {
		labels[len(labels)-1] = "now"
	}
	bars, err := plotter.NewBarChart(values, vg.Points(18))
	if err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	bars.Color = color.RGBA{R: 0xE6, G: 0x7E, B: 0x22, A: 0xFF}
	bars.LineStyle.Width = 0
	p.Add(bars)
	p.NominalX(labels...)
	p.X.Label.Text = "weeks ago"

	goal := plotter.NewFunction(func(float64) float64 { return float64(target) })
	goal.Color = color.RGBA{R: 0x2E, G: 0x86, B: 0x4B, A: 0xFF}
	goal.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(goal)
	p.Legend.Add("target", goal)
	p.Legend.Top = true

	w, err := p.WriterTo(6*vg.Inch, 3*vg.Inch, "png")
	if err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	return buf.Bytes(), nil
}
