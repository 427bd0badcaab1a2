package demo

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math"
)

// The demo's photos are pictures drawn here, not downloaded: landscapes
// of the country (dunes, mountains, the Caspian, cotton fields, a white
// city) and an abstract one, each from a few layered curves, with a
// little grain so they weigh what photos weigh.

// Scene names a picture.
type Scene string

// The scenes.
const (
	Dunes     Scene = "dunes"
	Mountains Scene = "mountains"
	Sea       Scene = "sea"
	Fields    Scene = "fields"
	City      Scene = "city"
	Dusk      Scene = "dusk"
	Waves     Scene = "waves"
)

// pictureW and pictureH are the pictures' size: 3:2, as a camera's.
const pictureW, pictureH = 1200, 800

type rgb struct{ r, g, b float64 }

func mix(a, b rgb, t float64) rgb {
	t = math.Max(0, math.Min(1, t))
	return rgb{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t}
}

// layer is a band of land: its skyline is base (a fraction of the height
// from the top) plus waves; it is coloured from top to bottom.
type layer struct {
	base        float64
	waves       [][3]float64 // amplitude (fraction of the height), frequency, phase
	top, bottom rgb
}

func (l layer) skyline(x float64) float64 {
	y := l.base
	for _, w := range l.waves {
		y += w[0] * math.Sin(x*w[1]*2*math.Pi+w[2])
	}
	return y
}

type scene struct {
	skyTop, skyHorizon rgb
	sun                *[4]float64 // x, y (fractions), radius (fraction of the height), glow
	sunColor           rgb
	layers             []layer
	rows               bool // field rows in the lowest layer
	city               bool // white blocks on the horizon
	water              float64
}

var scenes = map[Scene]scene{
	Dunes: {skyTop: rgb{92, 150, 214}, skyHorizon: rgb{238, 214, 180}, sun: &[4]float64{.78, .22, .06, .25}, sunColor: rgb{255, 246, 220},
		layers: []layer{
			{.58, [][3]float64{{.04, 1.3, 0}, {.015, 4.1, 1}}, rgb{226, 176, 112}, rgb{205, 146, 86}},
			{.7, [][3]float64{{.05, 0.9, 2}, {.02, 3.3, .4}}, rgb{214, 152, 88}, rgb{186, 122, 64}},
			{.84, [][3]float64{{.04, 1.7, 4}, {.012, 6.1, 2}}, rgb{198, 134, 72}, rgb{160, 100, 52}},
		}},
	Mountains: {skyTop: rgb{120, 160, 210}, skyHorizon: rgb{222, 228, 236},
		layers: []layer{
			{.42, [][3]float64{{.08, 1.1, 1}, {.03, 3.7, 2}, {.01, 11, 0}}, rgb{150, 160, 190}, rgb{130, 140, 172}},
			{.55, [][3]float64{{.07, 1.6, 3}, {.025, 5.2, 1}, {.008, 17, 1}}, rgb{106, 118, 150}, rgb{90, 100, 130}},
			{.72, [][3]float64{{.05, 2.1, 5}, {.02, 7, 3}}, rgb{98, 122, 88}, rgb{70, 96, 62}},
			{.88, [][3]float64{{.02, 3, 1}}, rgb{120, 140, 80}, rgb{96, 112, 60}},
		}},
	Sea: {skyTop: rgb{70, 130, 200}, skyHorizon: rgb{200, 222, 240}, sun: &[4]float64{.3, .3, .05, .2}, sunColor: rgb{255, 250, 235},
		water: .6,
		layers: []layer{
			{.86, [][3]float64{{.03, .8, 1}, {.01, 5, 2}}, rgb{220, 200, 160}, rgb{196, 172, 130}},
		}},
	Fields: {skyTop: rgb{100, 160, 220}, skyHorizon: rgb{230, 236, 240}, rows: true,
		layers: []layer{
			{.5, [][3]float64{{.01, 2, 0}, {.004, 9, 1}}, rgb{90, 130, 80}, rgb{110, 150, 90}},
			{.56, [][3]float64{{.002, 3, 2}}, rgb{150, 170, 100}, rgb{120, 150, 80}},
		}},
	City: {skyTop: rgb{60, 120, 200}, skyHorizon: rgb{210, 228, 245}, city: true,
		layers: []layer{
			{.62, nil, rgb{232, 234, 236}, rgb{210, 212, 216}},
			{.8, [][3]float64{{.01, 2, 1}}, rgb{90, 140, 90}, rgb{70, 110, 70}},
		}},
	Dusk: {skyTop: rgb{40, 50, 110}, skyHorizon: rgb{250, 150, 90}, sun: &[4]float64{.55, .56, .09, .35}, sunColor: rgb{255, 210, 140},
		layers: []layer{
			{.62, [][3]float64{{.03, 1.2, 2}, {.01, 5, 0}}, rgb{90, 60, 90}, rgb{60, 40, 70}},
			{.78, [][3]float64{{.04, .8, 1}, {.015, 4, 3}}, rgb{50, 36, 60}, rgb{30, 22, 40}},
		}},
	Waves: {skyTop: rgb{19, 41, 75}, skyHorizon: rgb{11, 79, 156}},
}

// Picture draws a scene as a JPEG, with grain from seed.
func Picture(s Scene, seed uint32) []byte {
	sc := scenes[s]
	img := image.NewRGBA(image.Rect(0, 0, pictureW, pictureH))
	rnd := seed*2654435761 + 1
	grain := func() float64 {
		rnd ^= rnd << 13
		rnd ^= rnd >> 17
		rnd ^= rnd << 5
		return float64(rnd%13) - 6
	}
	sky := make([]rgb, pictureH)
	for y := range sky {
		sky[y] = mix(sc.skyTop, sc.skyHorizon, float64(y)/(pictureH*0.65))
	}
	skylines := make([][]float64, len(sc.layers))
	for i, l := range sc.layers {
		skylines[i] = make([]float64, pictureW)
		for x := range pictureW {
			skylines[i][x] = l.skyline(float64(x)/pictureW+float64(seed%7)/7) * pictureH
		}
	}
	blocks := cityBlocks(seed)
	for y := range pictureH {
		fy := float64(y) / pictureH
		for x := range pictureW {
			fx := float64(x) / pictureW
			c := sky[y]
			if sun := sc.sun; sun != nil {
				d := math.Hypot(fx*1.5-sun[0]*1.5, fy-sun[1])
				switch {
				case d < sun[2]:
					c = sc.sunColor
				case d < sun[2]+sun[3]:
					c = mix(c, sc.sunColor, math.Pow(1-(d-sun[2])/sun[3], 3)*0.6)
				}
			}
			if s == Waves {
				d := math.Hypot(fx-.2, fy-.8) * 12
				c = mix(c, rgb{240, 180, 60}, math.Max(0, math.Sin(d*math.Pi)-0.6)*2.5*math.Max(0, 1-d/14))
			}
			if sc.water > 0 && fy > sc.water {
				t := (fy - sc.water) / (1 - sc.water)
				c = mix(rgb{60, 120, 170}, rgb{20, 70, 110}, t)
				c = mix(c, rgb{255, 255, 255}, math.Max(0, math.Sin(fx*90+fy*400+math.Sin(fx*7)*3)-0.92)*4)
				if sun := sc.sun; sun != nil && math.Abs(fx-sun[0]) < sun[2]*(1+t*2) {
					c = mix(c, sc.sunColor, 0.35*(1-t))
				}
			}
			if sc.city && fy > .36 && fy < .63 {
				for _, b := range blocks {
					if fx >= b[0] && fx < b[0]+b[1] && fy >= .62-b[2] {
						c = mix(rgb{250, 250, 252}, rgb{200, 206, 214}, (fx-b[0])/b[1])
						if int(fy*400)%9 == 0 && int(fx*600)%7 > 2 {
							c = rgb{150, 170, 190}
						}
					}
				}
			}
			for i, l := range sc.layers {
				top := skylines[i][x]
				if float64(y) >= top {
					c = mix(l.top, l.bottom, (float64(y)-top)/(pictureH-top+1))
					if sc.rows && i == len(sc.layers)-1 {
						// Rows converging on the horizon, cotton between.
						depth := (float64(y) - top) / (pictureH - top + 1)
						u := (fx - .5) / (0.05 + depth)
						if math.Abs(math.Sin(u*9)) > 0.75 {
							c = mix(c, rgb{245, 245, 240}, 0.7*depth+0.2)
						}
					}
				}
			}
			g := grain()
			img.SetRGBA(x, y, color.RGBA{clamp8(c.r + g), clamp8(c.g + g), clamp8(c.b + g), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 88}); err != nil {
		panic(err) // writing to memory does not fail
	}
	return buf.Bytes()
}

// cityBlocks are white buildings: left edge, width, height (fractions).
func cityBlocks(seed uint32) [][3]float64 {
	var out [][3]float64
	x := 0.02
	r := seed + 7
	for x < 0.98 {
		r = r*1103515245 + 12345
		w := 0.03 + float64(r%40)/1000
		h := 0.05 + float64((r>>8)%180)/1000
		out = append(out, [3]float64{x, w, h})
		x += w + float64((r>>16)%20)/1000
	}
	return out
}

func clamp8(v float64) uint8 {
	return uint8(math.Max(0, math.Min(255, math.Round(v))))
}
