package demo

// Photo is a demo picture used by an entry: its scene, focal point, and
// texts per language.
type Photo struct {
	Scene          Scene
	Filename       string
	FocusX, FocusY float64
	Alt, Caption   map[string]string
}

var credit = map[string]string{"en": "Illustration: Vestnik demo", "ru": "Иллюстрация: демо «Вестника»"}

// The photos, by what they show.
var (
	photoDunes = Photo{Dunes, "karakum-dunes.jpg", .78, .25,
		map[string]string{"en": "Illustration: sand dunes under a morning sun", "ru": "Иллюстрация: песчаные барханы под утренним солнцем"},
		map[string]string{"en": "The Karakum desert covers most of Turkmenistan.", "ru": "Пустыня Каракумы занимает большую часть Туркменистана."}}
	photoMountains = Photo{Mountains, "kopetdag-ridges.jpg", .5, .45,
		map[string]string{"en": "Illustration: blue mountain ridges above green foothills", "ru": "Иллюстрация: синие горные хребты над зелёными предгорьями"},
		map[string]string{"en": "The Kopetdag range along the southern border.", "ru": "Хребет Копетдаг вдоль южной границы."}}
	photoSea = Photo{Sea, "caspian-shore.jpg", .3, .4,
		map[string]string{"en": "Illustration: the sun over a calm sea and a sandy shore", "ru": "Иллюстрация: солнце над спокойным морем и песчаным берегом"},
		map[string]string{"en": "The Caspian shore near Turkmenbashi.", "ru": "Берег Каспия у Туркменбаши."}}
	photoFields = Photo{Fields, "dashoguz-fields.jpg", .5, .7,
		map[string]string{"en": "Illustration: rows of cotton fields stretching to the horizon", "ru": "Иллюстрация: ряды хлопковых полей до горизонта"},
		map[string]string{"en": "Cotton fields of Dashoguz velayat.", "ru": "Хлопковые поля Дашогузского велаята."}}
	photoCity = Photo{City, "ashgabat-white-city.jpg", .5, .5,
		map[string]string{"en": "Illustration: white city buildings under a blue sky", "ru": "Иллюстрация: белые городские здания под синим небом"},
		map[string]string{"en": "Ashgabat, where most of the office's meetings take place.", "ru": "Ашхабад, где проходит большинство встреч представительства."}}
	photoDusk = Photo{Dusk, "evening-hills.jpg", .55, .55,
		map[string]string{"en": "Illustration: a large evening sun setting behind dark hills", "ru": "Иллюстрация: большое вечернее солнце садится за тёмные холмы"},
		map[string]string{"en": "Returning home is the start of a longer road.", "ru": "Возвращение домой — начало долгого пути."}}
	photoWaves = Photo{Waves, "hotline-waves.jpg", .2, .8,
		map[string]string{"en": "Illustration: golden circles spreading on a dark blue background, like a call going out", "ru": "Иллюстрация: золотые круги расходятся по тёмно-синему фону, как звонок"},
		map[string]string{"en": "The hotline answers calls from every velayat.", "ru": "Горячая линия отвечает на звонки из всех велаятов."}}
)

// newsPhotos are the news items' lead images, by English title; most news
// items have one, as on a real site.
var newsPhotos = map[string]Photo{
	"Hotline received more than a thousand calls in the first five months of 2011":     photoWaves,
	"Border guards in Turkmenbashi trained to identify victims of trafficking":         photoSea,
	"Safe labour migration campaign launched in Dashoguz velayat":                      photoFields,
	"Turkmen law enforcement officials complete study tour to Turkey":                  photoMountains,
	"Planning to work abroad? Check before you go":                                     photoDunes,
	"Judges and prosecutors discuss anti-trafficking legislation in Ashgabat":          photoCity,
	"IOM supports shelter for victims of trafficking in Ashgabat":                      photoCity,
	"Returning home: reintegration assistance for victims of trafficking":              photoDusk,
	"Central Asian experts meet in Almaty to discuss labour migration and trafficking": photoMountains,
	"First training of trainers for law enforcement officers held in Ashgabat":         photoCity,
	"International Migrants Day marked with students in Ashgabat":                      photoDusk,
	"Hotline calls up by a third in 2011":                                              photoWaves,
	"Investigators in Mary analyse real trafficking cases at IOM workshop":             photoDunes,
}

// newsFigures are photos placed inside a news item's text (a figure line
// after its first paragraph), by English title.
var newsFigures = map[string]Photo{
	"Planning to work abroad? Check before you go": photoSea,
}

// newsletterCover is the December 2011 issue's cover.
var newsletterCover = photoMountains
