package demo

import "time"

// The demo content: the December 2011 issue of the IOM Central Asia
// counter-trafficking newsletter (the first article is taken from the old
// site), news from June 2011 to March 2012, the hotline and about pages,
// and the two hotline numbers. Slugs are left empty to be derived from
// the titles.

var newsletters = []Newsletter{
	{
		Period:    time.Date(2011, 12, 1, 0, 0, 0, 0, time.UTC),
		Published: time.Date(2011, 12, 15, 10, 0, 0, 0, time.UTC),
		Tr: map[string]Text{
			"en": {
				Title:   "IOM CA Newsletter on Counter-Trafficking Programs – December 2011",
				Summary: "The December 2011 issue covers a new IOM project to strengthen the capacity of law enforcement agencies in Turkmenistan, training for border and migration officers in Kazakhstan and safe migration sessions for young people in Kyrgyzstan.",
				Body: `This issue of the IOM Central Asia newsletter presents the latest news from IOM counter-trafficking programmes in the region.

In Turkmenistan, a new project supported by INL builds on the results of the previous phase and focuses on consolidating the knowledge and skills of law enforcement officers. Colleagues in Kazakhstan and Kyrgyzstan share their experience of training border officers and informing young people about safe migration.

The newsletter is available as a PDF in **English** and **Russian**.`,
			},
			"ru": {
				Title:   "Информационный бюллетень МОМ в Центральной Азии о программах по противодействию торговле людьми — декабрь 2011",
				Summary: "В декабрьском выпуске 2011 г. — новый проект МОМ по укреплению потенциала правоохранительных органов Туркменистана, тренинги для сотрудников пограничной службы и миграционной полиции в Казахстане и занятия по безопасной миграции для молодёжи в Кыргызстане.",
				Body: `В этом выпуске информационного бюллетеня МОМ в Центральной Азии — последние новости программ МОМ по противодействию торговле людьми в регионе.

В Туркменистане начался новый проект, реализуемый при поддержке INL: он опирается на результаты предыдущего этапа и направлен на закрепление знаний и навыков сотрудников правоохранительных органов. Коллеги из Казахстана и Кыргызстана делятся опытом обучения пограничников и информирования молодёжи о безопасной миграции.

Бюллетень доступен в формате PDF на **английском** и **русском** языках.`,
			},
		},
		Articles: []Article{
			{Tr: map[string]ArticleText{
				"en": {
					Title: "Turkmenistan: Strengthening the capacity of law enforcement agencies working in the field of counter-trafficking",
					Body: `In October 2011, IOM Turkmenistan launched a new project on “Strengthening the capacities of Law Enforcement Agencies of Turkmenistan”, supported by the Bureau for International Narcotics and Law Enforcement Affairs at the US State Department (INL). It became possible due to the successful implementation of the previous project in close cooperation with the Government of Turkmenistan. Focusing on implementation of combating trafficking in persons (TIP) programs through the three “Ps” component: prevention, protection and prosecution, the latter is strategically aimed at contributing to combating trafficking in persons in Turkmenistan through awareness-raising and capacity-building activities among law enforcement (LE) officers and involved government agencies of Turkmenistan.

New project will be the follow up of the previous project and it will strengthen and reinforce the capacities of the law enforcement organizations and agencies of Turkmenistan on TIP issues. As the result of completed project, 4,000 informational materials including brochures, CDs and manuals were distributed among law enforcement organizations and agencies of Turkmenistan, 237 law enforcement officers, prosecutors, police and 17 judges were trained on anti-trafficking legislation and practices to counteract human trafficking, one Study Tour was organized to Turkey for five LE officials of Turkmenistan and one International workshop conducted on sharing the best practices and learning the experiences on TIP with western and eastern European countries.

While the first INL funded project aimed at raising the awareness of LE agencies and organizations on TIP and aimed at maximum coverage of number of officers, the new project will focus on the localization of the knowledge and skills. Utilizing the results and trained human resources from LE agencies and organizations during the previous phase of the project, within the frame of the new phase, IOM Turkmenistan will focus on localizing and reinforcing the capacities and knowledge of LEs on TIP, skills and best practices through conducting TOT trainings for LEs on TIP, through case-study based workshops on investigating, prosecuting and convicting traffickers.

The close cooperation and support between IOM, the Government of Turkmenistan and INL enables the consistency and succession of implemented projects and programs that promotes the progress in the area of TIP prosecution in Turkmenistan as well as advances the sustainability of implemented projects.`,
				},
				"ru": {
					Title: "Туркменистан: укрепление потенциала правоохранительных органов, работающих в сфере противодействия торговле людьми",
					Body: `В октябре 2011 г. МОМ в Туркменистане приступила к реализации нового проекта «Укрепление потенциала правоохранительных органов Туркменистана», который осуществляется при поддержке Бюро по международным вопросам борьбы с наркотиками и правоохранительной деятельности Государственного департамента США (INL). Это стало возможным благодаря успешной реализации предыдущего проекта в тесном сотрудничестве с Правительством Туркменистана. Проект направлен на реализацию программ по противодействию торговле людьми (ТЛ) по трём направлениям — так называемым «трём П»: предупреждение, защита и уголовное преследование. Его стратегическая цель — содействовать борьбе с торговлей людьми в Туркменистане путём информационно-просветительской работы и укрепления потенциала сотрудников правоохранительных органов (ПО) и заинтересованных государственных ведомств Туркменистана.

Новый проект станет продолжением предыдущего и позволит укрепить и расширить возможности правоохранительных органов и ведомств Туркменистана в вопросах противодействия торговле людьми. В результате завершённого проекта среди правоохранительных органов и ведомств Туркменистана было распространено 4000 информационных материалов, в том числе брошюры, компакт-диски и методические пособия; 237 сотрудников правоохранительных органов, прокуроров, полицейских и 17 судей прошли обучение по вопросам законодательства о противодействии торговле людьми и практики борьбы с ней; для пяти сотрудников правоохранительных органов Туркменистана была организована ознакомительная поездка в Турцию, а также проведён международный семинар по обмену передовым опытом в сфере противодействия торговле людьми со странами Западной и Восточной Европы.

Если первый проект, финансируемый INL, был направлен на повышение осведомлённости правоохранительных органов и ведомств о проблеме торговли людьми и на максимальный охват сотрудников, то новый проект сосредоточится на локализации знаний и навыков. Опираясь на результаты предыдущего этапа проекта и подготовленных в его ходе специалистов правоохранительных органов, в рамках нового этапа МОМ в Туркменистане сосредоточит усилия на закреплении и укреплении потенциала и знаний сотрудников ПО в сфере противодействия торговле людьми, их навыков и передового опыта — путём проведения тренингов для тренеров (ТОТ) по вопросам торговли людьми, а также семинаров по расследованию, уголовному преследованию и осуждению торговцев людьми на основе разбора конкретных дел.

Тесное сотрудничество и взаимная поддержка МОМ, Правительства Туркменистана и INL обеспечивают последовательность и преемственность реализуемых проектов и программ, что способствует прогрессу в сфере уголовного преследования за торговлю людьми в Туркменистане, а также повышает устойчивость результатов осуществлённых проектов.`,
				},
			}},
			{Tr: map[string]ArticleText{
				"en": {
					Title: "Kazakhstan: Border and migration officers learn to identify victims of trafficking",
					Body: `In November 2011, IOM Kazakhstan held two three-day training sessions in Almaty and Shymkent for 48 officers of the Border Service and the migration police. The trainings focused on identifying potential victims of trafficking at border crossing points and at workplaces where migrant workers are employed, as well as on referring victims to shelters and other assistance.

Participants worked through case studies based on real cases from the region and practised interviewing techniques that respect the rights and safety of victims.

Each participant received a handbook on the identification and referral of victims of trafficking, prepared by IOM together with national experts. Similar trainings are planned for 2012 in other regions of Kazakhstan.`,
				},
				"ru": {
					Title: "Казахстан: сотрудники пограничной службы и миграционной полиции учатся выявлять жертв торговли людьми",
					Body: `В ноябре 2011 г. МОМ в Казахстане провела в Алматы и Шымкенте два трёхдневных тренинга для 48 сотрудников Пограничной службы и миграционной полиции. Основное внимание на тренингах уделялось выявлению потенциальных жертв торговли людьми в пунктах пропуска через границу и в местах работы трудовых мигрантов, а также направлению пострадавших в приюты и другие службы помощи.

Участники разобрали конкретные случаи из практики стран региона и отработали методы проведения бесед, учитывающие права и безопасность пострадавших.

Каждый участник получил пособие по выявлению и перенаправлению жертв торговли людьми, подготовленное МОМ совместно с национальными экспертами. В 2012 г. аналогичные тренинги планируется провести в других регионах Казахстана.`,
				},
			}},
			{Tr: map[string]ArticleText{
				"en": {
					Title: "Kyrgyzstan: Young people in the south learn about safe migration",
					Body: `In November and December 2011, IOM Kyrgyzstan and partner NGOs held information sessions on safe migration for more than 1,500 senior school and college students in Osh, Jalal-Abad and Batken oblasts. Many young people from these regions leave for Russia and Kazakhstan in search of work, often without a contract or reliable information.

Peer educators trained by IOM explained how to check a job offer, why it is important to register on arrival and never to give one's passport to anyone, and where to turn for help. Students also received leaflets with the numbers of the national hotline.

Teachers and local authorities welcomed the initiative, and several schools have decided to include a lesson on safe migration in their curriculum.`,
				},
				"ru": {
					Title: "Кыргызстан: молодёжь на юге страны узнаёт о безопасной миграции",
					Body: `В ноябре и декабре 2011 г. МОМ в Кыргызстане совместно с партнёрскими общественными организациями провела информационные занятия по безопасной миграции более чем для 1500 старшеклассников и студентов колледжей в Ошской, Джалал-Абадской и Баткенской областях. Многие молодые люди из этих регионов уезжают на заработки в Россию и Казахстан — зачастую без договора и достоверной информации.

Подготовленные МОМ волонтёры, работающие по принципу «равный — равному», рассказали, как проверить предложение о работе, почему важно зарегистрироваться по прибытии и никому не отдавать свой паспорт и куда обращаться за помощью. Учащиеся также получили листовки с номерами национальной горячей линии.

Учителя и представители местных органов власти поддержали инициативу, а в нескольких школах решили включить урок о безопасной миграции в учебную программу.`,
				},
			}},
		},
		Editions: map[string]Edition{
			"en": {
				Filename: "iom-ca-newsletter-2011-12-en.pdf",
				Title:    "IOM CA Newsletter on Counter-Trafficking Programs - December 2011",
				Lines: []string{
					"In this issue:",
					"",
					"Turkmenistan: Strengthening the capacity of law enforcement agencies working in the field of counter-trafficking",
					"Kazakhstan: Border and migration officers learn to identify victims of trafficking",
					"Kyrgyzstan: Young people in the south learn about safe migration",
					"",
					"Do you plan to travel abroad? Don't hurry... Call the Hotline!",
					"Ashgabat: +993 12 46-35-14 | Dashoguz: +993 422 3-22-29",
					"",
					"International Organization for Migration (IOM), Ashgabat, Turkmenistan",
				},
			},
			"ru": {
				Filename: "iom-ca-newsletter-2011-12-ru.pdf",
				Title:    "IOM CA Newsletter on Counter-Trafficking Programs - December 2011 (Russian edition)",
				Lines: []string{
					"Informatsionny byulleten MOM v Tsentralnoy Azii o programmakh po protivodeystviyu torgovle lyudmi - dekabr 2011",
					"",
					"V etom vypuske:",
					"Turkmenistan: ukreplenie potentsiala pravookhranitelnykh organov",
					"Kazakhstan: sotrudniki pogranichnoy sluzhby uchatsya vyyavlyat zhertv torgovli lyudmi",
					"Kyrgyzstan: molodezh na yuge strany uznaet o bezopasnoy migratsii",
					"",
					"Vy planiruete vyekhat za rubezh? Ne speshite... Pozvonite na goryachuyu liniyu!",
					"Ashkhabad: +993 12 46-35-14 | Dashoguz: +993 422 3-22-29",
					"",
					"Mezhdunarodnaya organizatsiya po migratsii (MOM), Ashkhabad, Turkmenistan",
				},
			},
		},
	},
}

var news = []News{
	{
		Published: time.Date(2011, 6, 8, 9, 30, 0, 0, time.UTC),
		Tr: map[string]Text{
			"en": {
				Title:   "Hotline received more than a thousand calls in the first five months of 2011",
				Summary: "From January to May 2011, the counter-trafficking hotlines in Ashgabat and Dashoguz answered 1,150 calls, most of them about working and studying abroad.",
				Body: `From January to May 2011, consultants of the counter-trafficking hotlines in Ashgabat and Dashoguz, run by partner NGOs with IOM support, answered **1,150 calls** from all regions of Turkmenistan.

Callers most often asked about:

- the legality of job offers and recruitment agencies abroad;
- visa, registration and work permit requirements in destination countries;
- studying abroad;
- contacts of the embassies and consulates of Turkmenistan.

In 14 cases, consultants referred callers to partner organizations for further assistance, including two people who may have been victims of trafficking.`,
			},
			"ru": {
				Title:   "За пять месяцев 2011 г. на горячую линию поступило более тысячи звонков",
				Summary: "С января по май 2011 г. консультанты горячих линий по противодействию торговле людьми в Ашхабаде и Дашогузе ответили на 1150 звонков, большинство из которых касались работы и учёбы за рубежом.",
				Body: `С января по май 2011 г. консультанты горячих линий по противодействию торговле людьми в Ашхабаде и Дашогузе, которые работают на базе партнёрских общественных организаций при поддержке МОМ, ответили на **1150 звонков** из всех регионов Туркменистана.

Чаще всего звонившие спрашивали:

- о законности предложений о работе и деятельности кадровых агентств за рубежом;
- о визовых требованиях, правилах регистрации и получения разрешения на работу в странах назначения;
- об учёбе за границей;
- о контактах посольств и консульств Туркменистана.

В 14 случаях консультанты направили звонивших за дальнейшей помощью в партнёрские организации, в том числе двух человек, которые могли стать жертвами торговли людьми.`,
			},
		},
	},
	{
		Published: time.Date(2011, 6, 23, 11, 0, 0, 0, time.UTC),
		Tr: map[string]Text{
			"en": {
				Title:   "Border guards in Turkmenbashi trained to identify victims of trafficking",
				Summary: "On 20–22 June 2011, IOM held a three-day training on the identification of victims of trafficking for 24 officers of the State Border Service and the State Migration Service in Turkmenbashi.",
				Body: `On 20–22 June 2011, IOM Turkmenistan held a three-day training in Turkmenbashi for 24 officers of the State Border Service and the State Migration Service of Turkmenistan working at the seaport and the airport.

National and international trainers explained the indicators of trafficking in persons and the difference between trafficking and the smuggling of migrants, and showed how to interview a possible victim with respect for his or her rights and safety. Participants worked in groups on case studies drawn from practice in the region.

Each participant received a copy of the IOM handbook on the identification of victims of trafficking.`,
			},
			"ru": {
				Title:   "Пограничники в Туркменбаши прошли обучение по выявлению жертв торговли людьми",
				Summary: "20–22 июня 2011 г. МОМ провела в Туркменбаши трёхдневный тренинг по выявлению жертв торговли людьми для 24 сотрудников Государственной пограничной службы и Государственной миграционной службы.",
				Body: `20–22 июня 2011 г. МОМ в Туркменистане провела в Туркменбаши трёхдневный тренинг для 24 сотрудников Государственной пограничной службы и Государственной миграционной службы Туркменистана, работающих в морском порту и аэропорту.

Национальные и международные тренеры рассказали об индикаторах торговли людьми и о различиях между торговлей людьми и незаконным ввозом мигрантов, а также показали, как проводить беседу с возможной жертвой, уважая её права и обеспечивая её безопасность. Участники работали в группах над разбором случаев из практики стран региона.

Каждый участник получил экземпляр пособия МОМ по выявлению жертв торговли людьми.`,
			},
		},
	},
	{
		Published: time.Date(2011, 7, 12, 14, 0, 0, 0, time.UTC),
		Tr: map[string]Text{
			"en": {
				Title:   "Safe labour migration campaign launched in Dashoguz velayat",
				Summary: "IOM and its partners have launched an information campaign on safe labour migration in the districts of Dashoguz velayat, where many young people look for work abroad.",
				Body: `On 11 July 2011, IOM Turkmenistan and partner NGOs launched a two-month information campaign on safe labour migration in Dashoguz velayat. The campaign targets young people and women in rural districts, who are most at risk of deceptive job offers abroad.

Mobile teams of trained volunteers will visit schools, colleges and markets in all districts of the velayat, hold meetings with local communities and distribute leaflets with the **hotline numbers** and practical advice on how to travel and work abroad safely.

More information on IOM's work on labour migration is available at [www.iom.int](https://www.iom.int).`,
			},
			"ru": {
				Title:   "В Дашогузском велаяте началась кампания по безопасной трудовой миграции",
				Summary: "МОМ и её партнёры начали информационную кампанию по безопасной трудовой миграции в этрапах Дашогузского велаята, откуда многие молодые люди уезжают на заработки за рубеж.",
				Body: `11 июля 2011 г. МОМ в Туркменистане и партнёрские общественные организации начали двухмесячную информационную кампанию по безопасной трудовой миграции в Дашогузском велаяте. Кампания ориентирована на молодёжь и женщин из сельских этрапов, которые чаще других становятся жертвами ложных предложений о работе за рубежом.

Мобильные группы подготовленных волонтёров посетят школы, колледжи и рынки во всех этрапах велаята, проведут встречи с местными жителями и распространят листовки с **номерами горячей линии** и практическими советами о том, как безопасно выехать и работать за границей.

Подробнее о работе МОМ в сфере трудовой миграции — на сайте [www.iom.int](https://www.iom.int).`,
			},
		},
	},
	{
		Published: time.Date(2011, 8, 9, 15, 0, 0, 0, time.UTC),
		Tr: map[string]Text{
			"en": {
				Title:   "Turkmen law enforcement officials complete study tour to Turkey",
				Summary: "Five law enforcement officials from Turkmenistan visited Ankara and Istanbul to learn how Turkish agencies investigate trafficking cases and assist victims.",
				Body: `From 1 to 5 August 2011, five officials of law enforcement agencies of Turkmenistan took part in a study tour to Turkey organized by IOM with the support of the Bureau for International Narcotics and Law Enforcement Affairs of the US State Department (INL).

In Ankara and Istanbul, the delegation met representatives of the Turkish National Police, the prosecutor's office and the IOM mission in Turkey, visited a shelter for victims of trafficking and learned about the work of the national hotline **157**.

The participants agreed to share what they had learned with their colleagues through internal trainings, and discussed ways to improve cooperation between Turkmenistan and Turkey in investigating trafficking cases and returning victims home.`,
			},
			"ru": {
				Title:   "Сотрудники правоохранительных органов Туркменистана завершили ознакомительную поездку в Турцию",
				Summary: "Пять сотрудников правоохранительных органов Туркменистана посетили Анкару и Стамбул, чтобы узнать, как турецкие ведомства расследуют дела о торговле людьми и помогают пострадавшим.",
				Body: `С 1 по 5 августа 2011 г. пять сотрудников правоохранительных органов Туркменистана приняли участие в ознакомительной поездке в Турцию, организованной МОМ при поддержке Бюро по международным вопросам борьбы с наркотиками и правоохранительной деятельности Государственного департамента США (INL).

В Анкаре и Стамбуле делегация встретилась с представителями Национальной полиции Турции, прокуратуры и миссии МОМ в Турции, посетила приют для жертв торговли людьми и ознакомилась с работой национальной горячей линии **157**.

Участники договорились поделиться полученными знаниями с коллегами в ходе внутренних тренингов и обсудили пути улучшения сотрудничества между Туркменистаном и Турцией в расследовании дел о торговле людьми и возвращении пострадавших на родину.`,
			},
		},
	},
	{
		Published: time.Date(2011, 8, 25, 9, 15, 0, 0, time.UTC),
		Tr: map[string]Text{
			"en": {
				Title:   "Planning to work abroad? Check before you go",
				Summary: "Many people who fall victim to trafficking left home with a job offer that looked genuine. IOM reminds everyone planning to travel abroad of a few simple rules.",
				Body: `Many people who fall victim to trafficking left home with a job offer that looked genuine. Before you travel abroad for work or study, IOM recommends that you:

1. **Check the employer and the agency.** Ask for the full name and address of the company and for a written contract in a language you understand.
2. **Make copies of your passport** and other documents, and leave one set with your family.
3. **Never hand over your passport** to an employer or an intermediary.
4. **Write down the number of the embassy** of Turkmenistan in the country of destination.
5. **Call the hotline** before you go.

> Don't hurry — call the hotline!

Consultations are free and confidential.`,
			},
			"ru": {
				Title:   "Собираетесь на работу за рубеж? Проверьте всё перед отъездом",
				Summary: "Многие жертвы торговли людьми уезжали из дома с предложением о работе, которое казалось надёжным. МОМ напоминает несколько простых правил всем, кто собирается выехать за границу.",
				Body: `Многие жертвы торговли людьми уезжали из дома с предложением о работе, которое казалось надёжным. Прежде чем выехать за рубеж на работу или учёбу, МОМ советует:

1. **Проверить работодателя и агентство.** Узнайте полное название и адрес компании и попросите письменный договор на понятном вам языке.
2. **Сделать копии паспорта** и других документов и оставить один комплект у родных.
3. **Никогда не отдавать свой паспорт** работодателю или посреднику.
4. **Записать номер посольства** Туркменистана в стране назначения.
5. **Позвонить на горячую линию** перед отъездом.

> Не спешите — позвоните на горячую линию!

Консультации бесплатны и конфиденциальны.`,
			},
		},
	},
	{
		// English only.
		Published: time.Date(2011, 9, 13, 10, 45, 0, 0, time.UTC),
		Tr: map[string]Text{
			"en": {
				Title:   "Tajikistan: Migrant resource centres counsel thousands of labour migrants",
				Summary: "Migrant resource centres supported by IOM in Tajikistan gave free advice to more than 4,000 people in the first half of 2011.",
				Body: `Migrant resource centres supported by IOM in Tajikistan gave free advice to more than 4,000 prospective and returning labour migrants in the first half of 2011, according to figures presented at a regional meeting in Dushanbe.

Most questions concerned employment contracts, registration and work permits in the Russian Federation, as well as the transfer of remittances. Centre staff also referred migrants who had been deceived or exploited to legal aid and counter-trafficking partners.

IOM Turkmenistan staff attended the meeting to learn from this experience. More about IOM's work in Central Asia: [www.iom.int](https://www.iom.int).`,
			},
		},
	},
	{
		Published: time.Date(2011, 9, 28, 13, 30, 0, 0, time.UTC),
		Tr: map[string]Text{
			"en": {
				Title:   "Judges and prosecutors discuss anti-trafficking legislation in Ashgabat",
				Summary: "Seventeen judges and twenty prosecutors took part in a two-day workshop on the application of Turkmenistan's anti-trafficking legislation.",
				Body: `On 26–27 September 2011, IOM Turkmenistan held a two-day workshop in Ashgabat for 17 judges and 20 prosecutors on the application of national legislation on combating trafficking in persons.

Participants discussed how to qualify trafficking offences, how to protect victims and witnesses during investigation and trial, and how to ensure that victims are not punished for offences they were forced to commit. International experts presented court practice from Eastern European countries.

The workshop completed the training programme of the INL-funded project, under which **237 law enforcement officers, prosecutors and police officers and 17 judges** have been trained.`,
			},
			"ru": {
				Title:   "Судьи и прокуроры обсудили в Ашхабаде законодательство о противодействии торговле людьми",
				Summary: "В двухдневном семинаре, посвящённом применению законодательства Туркменистана о противодействии торговле людьми, приняли участие 17 судей и 20 прокуроров.",
				Body: `26–27 сентября 2011 г. МОМ в Туркменистане провела в Ашхабаде двухдневный семинар для 17 судей и 20 прокуроров, посвящённый применению национального законодательства о борьбе с торговлей людьми.

Участники обсудили вопросы квалификации преступлений, связанных с торговлей людьми, защиты потерпевших и свидетелей в ходе следствия и судебного разбирательства, а также то, как не допустить наказания пострадавших за правонарушения, которые они были вынуждены совершить. Международные эксперты представили судебную практику стран Восточной Европы.

Семинаром завершилась программа обучения в рамках проекта, финансируемого INL, по которой прошли подготовку **237 сотрудников правоохранительных органов, прокуроров и полицейских, а также 17 судей**.`,
			},
		},
	},
	{
		Published: time.Date(2011, 10, 11, 11, 20, 0, 0, time.UTC),
		Tr: map[string]Text{
			"en": {
				Title:   "IOM launches new project to strengthen law enforcement capacity on counter-trafficking",
				Summary: "A new IOM project supported by INL builds on the results of the previous phase and focuses on training of trainers and case-study workshops for law enforcement officers.",
				Body: `In October 2011, IOM Turkmenistan launched a new project to strengthen the capacities of law enforcement agencies of Turkmenistan in combating trafficking in persons, supported by the Bureau for International Narcotics and Law Enforcement Affairs of the US State Department (INL).

While the first phase aimed to reach as many officers as possible, the new project will focus on:

- training of trainers (TOT) for law enforcement agencies;
- case-study based workshops on investigating and prosecuting trafficking cases;
- updating training materials for the educational institutions of law enforcement agencies.

The project is implemented in close cooperation with the Government of Turkmenistan. More details will be published in the IOM Central Asia newsletter on counter-trafficking programmes.`,
			},
			"ru": {
				Title:   "МОМ начинает новый проект по укреплению потенциала правоохранительных органов в сфере противодействия торговле людьми",
				Summary: "Новый проект МОМ, реализуемый при поддержке INL, опирается на результаты предыдущего этапа и сосредоточен на подготовке тренеров и семинарах по разбору конкретных дел для сотрудников правоохранительных органов.",
				Body: `В октябре 2011 г. МОМ в Туркменистане приступила к реализации нового проекта по укреплению потенциала правоохранительных органов Туркменистана в сфере борьбы с торговлей людьми при поддержке Бюро по международным вопросам борьбы с наркотиками и правоохранительной деятельности Государственного департамента США (INL).

Если первый этап был нацелен на максимальный охват сотрудников, то новый проект будет сосредоточен на следующих направлениях:

- подготовка тренеров (ТОТ) для правоохранительных органов;
- семинары по расследованию дел о торговле людьми и уголовному преследованию на основе разбора конкретных случаев;
- обновление учебных материалов для учебных заведений правоохранительных органов.

Проект реализуется в тесном сотрудничестве с Правительством Туркменистана. Подробнее о нём будет рассказано в информационном бюллетене МОМ в Центральной Азии о программах по противодействию торговле людьми.`,
			},
		},
	},
	{
		Published: time.Date(2011, 10, 26, 14, 40, 0, 0, time.UTC),
		Tr: map[string]Text{
			"en": {
				Title:   "IOM supports shelter for victims of trafficking in Ashgabat",
				Summary: "IOM has provided furniture and equipment to the shelter for victims of trafficking run by a partner NGO in Ashgabat and trained its staff.",
				Body: `IOM Turkmenistan has handed over furniture, household appliances and computer equipment to the shelter for victims of trafficking run by a partner NGO in Ashgabat. The shelter offers safe accommodation, medical and psychological assistance and legal advice to women and men who have suffered from trafficking.

Since the beginning of 2011, the shelter has assisted **19 people**, most of whom had returned from abroad.

In addition, shelter staff took part in a three-day training on psychosocial support and case management conducted by IOM experts.`,
			},
			"ru": {
				Title:   "МОМ оказала поддержку приюту для жертв торговли людьми в Ашхабаде",
				Summary: "МОМ передала мебель и оборудование приюту для жертв торговли людьми, который работает в Ашхабаде на базе партнёрской общественной организации, и провела обучение для его сотрудников.",
				Body: `МОМ в Туркменистане передала мебель, бытовую технику и компьютерное оборудование приюту для жертв торговли людьми, который работает в Ашхабаде на базе партнёрской общественной организации. Приют предоставляет безопасное жильё, медицинскую и психологическую помощь, а также юридические консультации женщинам и мужчинам, пострадавшим от торговли людьми.

С начала 2011 г. помощь в приюте получили **19 человек**, большинство из которых вернулись из-за рубежа.

Кроме того, сотрудники приюта прошли трёхдневный тренинг по психосоциальной поддержке и ведению случаев, проведённый экспертами МОМ.`,
			},
		},
	},
	{
		Published: time.Date(2011, 11, 8, 10, 0, 0, 0, time.UTC),
		Tr: map[string]Text{
			"en": {
				Title:   "Returning home: reintegration assistance for victims of trafficking",
				Summary: "In 2011, IOM has helped 23 victims of trafficking to return safely to Turkmenistan and start a new life through vocational training and small business grants.",
				Body: `Since January 2011, IOM has helped 23 citizens of Turkmenistan who had been trafficked abroad to return home safely, in cooperation with IOM missions in the countries of destination and the consular services of Turkmenistan.

After their return, victims receive individual reintegration assistance: medical and psychological care, vocational training and, for those who wish to start their own business, small grants for equipment. This year, beneficiaries have opened a sewing workshop, a hairdresser's and a small bakery.

> “When I came back, I was afraid that nobody would believe me. Now I have my own work and I can support my children,” says one of the women who received a grant for sewing equipment.

All personal information about victims is kept strictly confidential.`,
			},
			"ru": {
				Title:   "Возвращение домой: помощь в реинтеграции жертвам торговли людьми",
				Summary: "В 2011 г. МОМ помогла 23 жертвам торговли людьми безопасно вернуться в Туркменистан и начать новую жизнь благодаря профессиональному обучению и небольшим грантам на открытие собственного дела.",
				Body: `С января 2011 г. МОМ в сотрудничестве с миссиями МОМ в странах назначения и консульскими службами Туркменистана помогла безопасно вернуться на родину 23 гражданам Туркменистана, ставшим жертвами торговли людьми за рубежом.

После возвращения пострадавшие получают индивидуальную помощь в реинтеграции: медицинскую и психологическую поддержку, профессиональное обучение, а те, кто хочет открыть своё дело, — небольшие гранты на приобретение оборудования. В этом году благодаря такой помощи открылись швейная мастерская, парикмахерская и небольшая пекарня.

> «Когда я вернулась, я боялась, что мне никто не поверит. Теперь у меня есть своя работа, и я могу содержать детей», — рассказывает одна из женщин, получивших грант на швейное оборудование.

Вся личная информация о пострадавших строго конфиденциальна.`,
			},
		},
	},
	{
		// English only.
		Published: time.Date(2011, 11, 23, 15, 30, 0, 0, time.UTC),
		Tr: map[string]Text{
			"en": {
				Title:   "Central Asian experts meet in Almaty to discuss labour migration and trafficking",
				Summary: "Government officials, NGOs and IOM staff from Central Asian countries met in Almaty to share experience in protecting labour migrants from exploitation.",
				Body: `On 21–22 November 2011, representatives of government agencies, NGOs and IOM offices from Central Asian countries met in Almaty for a regional meeting on labour migration and counter-trafficking.

Participants discussed trends in trafficking for labour exploitation, cooperation between hotlines in the region and the role of migrant resource centres. The delegation from Turkmenistan presented the experience of the hotlines in Ashgabat and Dashoguz.

The meeting ended with recommendations on closer cross-border cooperation in identifying and assisting victims, including **joint trainings** for law enforcement officers and a regular exchange of information between hotlines.`,
			},
		},
	},
	{
		Published: time.Date(2011, 12, 6, 9, 45, 0, 0, time.UTC),
		Tr: map[string]Text{
			"en": {
				Title:   "First training of trainers for law enforcement officers held in Ashgabat",
				Summary: "Eighteen officers of law enforcement agencies of Turkmenistan completed a five-day training of trainers on counter-trafficking, the first activity of IOM's new project.",
				Body: `From 28 November to 2 December 2011, IOM Turkmenistan held the first training of trainers (TOT) on combating trafficking in persons for 18 officers of the Ministry of Internal Affairs, the Prosecutor General's Office, the State Border Service and the State Migration Service.

Besides the legal framework and investigation techniques, the training focused on adult learning methods, so that participants can run courses for their colleagues in all velayats of the country.

The new trainers will conduct their first sessions in early 2012 under the supervision of IOM experts.`,
			},
			"ru": {
				Title:   "В Ашхабаде прошёл первый тренинг для тренеров из числа сотрудников правоохранительных органов",
				Summary: "Восемнадцать сотрудников правоохранительных органов Туркменистана прошли пятидневный тренинг для тренеров по противодействию торговле людьми — первое мероприятие нового проекта МОМ.",
				Body: `С 28 ноября по 2 декабря 2011 г. МОМ в Туркменистане провела первый тренинг для тренеров (ТОТ) по противодействию торговле людьми для 18 сотрудников Министерства внутренних дел, Генеральной прокуратуры, Государственной пограничной службы и Государственной миграционной службы.

Помимо правовой базы и методов расследования, особое внимание на тренинге уделялось методикам обучения взрослых, чтобы участники могли проводить занятия для своих коллег во всех велаятах страны.

Новые тренеры проведут первые занятия в начале 2012 г. под руководством экспертов МОМ.`,
			},
		},
	},
	{
		Published: time.Date(2011, 12, 16, 14, 0, 0, 0, time.UTC),
		Tr: map[string]Text{
			"en": {
				Title:   "International Migrants Day marked with students in Ashgabat",
				Summary: "On the eve of International Migrants Day, IOM held an information event for university students in Ashgabat on safe migration and the risks of trafficking.",
				Body: `On 18 December, the world marks International Migrants Day, proclaimed by the United Nations General Assembly in 2000. On the eve of this date, on 16 December, IOM Turkmenistan held an information event for more than 120 students of Ashgabat universities.

Students took part in a quiz on safe travel, watched a short film about the risks of trafficking and met hotline consultants, who explained how to check job and study offers abroad.

> Migration can change lives for the better — when it is safe, informed and legal.`,
			},
			"ru": {
				Title:   "Международный день мигранта отметили вместе со студентами в Ашхабаде",
				Summary: "Накануне Международного дня мигранта МОМ провела для студентов вузов Ашхабада информационное мероприятие о безопасной миграции и рисках торговли людьми.",
				Body: `18 декабря в мире отмечается Международный день мигранта, провозглашённый Генеральной Ассамблеей ООН в 2000 г. Накануне этой даты, 16 декабря, МОМ в Туркменистане провела информационное мероприятие более чем для 120 студентов вузов Ашхабада.

Студенты приняли участие в викторине о безопасных поездках, посмотрели короткий фильм о рисках торговли людьми и встретились с консультантами горячей линии, которые рассказали, как проверить предложения о работе и учёбе за рубежом.

> Миграция может изменить жизнь к лучшему — если она безопасна, осознанна и законна.`,
			},
		},
	},
	{
		Published: time.Date(2012, 1, 17, 10, 30, 0, 0, time.UTC),
		Tr: map[string]Text{
			"en": {
				Title:   "Hotline calls up by a third in 2011",
				Summary: "In 2011, the hotlines in Ashgabat and Dashoguz answered 2,870 calls, 35% more than in 2010. Most callers asked about working abroad.",
				Body: `In 2011, consultants of the counter-trafficking hotlines in Ashgabat and Dashoguz answered **2,870 calls**, 35% more than in the previous year. More than half of the callers were young people under 30.

The main topics of the calls were:

- employment abroad and checking job offers — 41%;
- visa and entry rules — 22%;
- studying abroad — 15%;
- searching for relatives missing abroad — 6%;
- other questions — 16%.

Thanks to the hotlines, **11 people** who may have been victims of trafficking were referred for assistance. IOM thanks the partner NGOs that run the hotlines and reminds everyone that calls are free and confidential.`,
			},
			"ru": {
				Title:   "В 2011 г. звонков на горячую линию стало на треть больше",
				Summary: "В 2011 г. горячие линии в Ашхабаде и Дашогузе приняли 2870 звонков — на 35% больше, чем в 2010 г. Большинство звонивших интересовались работой за рубежом.",
				Body: `В 2011 г. консультанты горячих линий по противодействию торговле людьми в Ашхабаде и Дашогузе приняли **2870 звонков** — на 35% больше, чем годом ранее. Более половины звонивших — молодые люди до 30 лет.

Основные темы обращений:

- трудоустройство за рубежом и проверка предложений о работе — 41%;
- визовые требования и правила въезда — 22%;
- учёба за границей — 15%;
- розыск родственников, пропавших за рубежом, — 6%;
- прочие вопросы — 16%.

Благодаря горячим линиям за помощью были направлены **11 человек**, которые могли стать жертвами торговли людьми. МОМ благодарит партнёрские общественные организации, обеспечивающие работу горячих линий, и напоминает: звонки бесплатны и конфиденциальны.`,
			},
		},
	},
	{
		Published: time.Date(2012, 2, 14, 11, 0, 0, 0, time.UTC),
		Tr: map[string]Text{
			"en": {
				Title:   "Investigators in Mary analyse real trafficking cases at IOM workshop",
				Summary: "A case-study workshop in Mary brought together 22 investigators and prosecutors from Mary and Lebap velayats to work on the investigation of trafficking cases.",
				Body: `On 9–10 February 2012, IOM Turkmenistan held a workshop in Mary for 22 investigators and prosecutors from Mary and Lebap velayats. The workshop was led by two national trainers who had completed IOM's training of trainers in December 2011, with the support of an international expert.

Working in small groups, participants analysed anonymised trafficking cases from Central Asia and Eastern Europe, from the first report to the police, through the collection of evidence and cooperation with foreign colleagues, to the court decision.

Similar workshops will be held in Dashoguz, Balkan and Ahal velayats in spring 2012.`,
			},
			"ru": {
				Title:   "Следователи в Мары разобрали реальные дела о торговле людьми на семинаре МОМ",
				Summary: "В семинаре по разбору конкретных дел, прошедшем в Мары, приняли участие 22 следователя и прокурора из Марыйского и Лебапского велаятов.",
				Body: `9–10 февраля 2012 г. МОМ в Туркменистане провела в Мары семинар для 22 следователей и прокуроров из Марыйского и Лебапского велаятов. Семинар вели два национальных тренера, прошедших тренинг для тренеров МОМ в декабре 2011 г., при поддержке международного эксперта.

Работая в небольших группах, участники разобрали обезличенные дела о торговле людьми из стран Центральной Азии и Восточной Европы — от первого заявления в полицию, сбора доказательств и взаимодействия с зарубежными коллегами до вынесения судебного решения.

Аналогичные семинары пройдут весной 2012 г. в Дашогузском, Балканском и Ахалском велаятах.`,
			},
		},
	},
	{
		Published: time.Date(2012, 3, 6, 14, 15, 0, 0, time.UTC),
		Tr: map[string]Text{
			"en": {
				Title:   "Safe travel leaflets for women distributed ahead of International Women's Day",
				Summary: "Ahead of 8 March, IOM and its partners distributed 5,000 leaflets with safe travel advice and hotline numbers to women in Ashgabat and Dashoguz.",
				Body: `Ahead of International Women's Day, IOM Turkmenistan and partner NGOs distributed **5,000 leaflets** with safe travel advice to women in Ashgabat and Dashoguz: at markets, in health centres and at Ashgabat International Airport.

Women make up the majority of the victims of trafficking assisted by IOM in Turkmenistan; many of them were deceived by offers of work abroad as waitresses, nannies or housekeepers. The leaflet explains how to recognise a suspicious offer and gives the hotline numbers.

Read more about IOM's work to protect migrants at [www.iom.int](https://www.iom.int).`,
			},
			"ru": {
				Title:   "Накануне Международного женского дня женщинам раздали листовки о безопасных поездках",
				Summary: "Накануне 8 Марта МОМ и её партнёры распространили среди женщин в Ашхабаде и Дашогузе 5000 листовок с советами о безопасных поездках и номерами горячей линии.",
				Body: `Накануне Международного женского дня МОМ в Туркменистане и партнёрские общественные организации распространили среди женщин в Ашхабаде и Дашогузе **5000 листовок** с советами о безопасных поездках — на рынках, в медицинских центрах и в международном аэропорту Ашхабада.

Женщины составляют большинство жертв торговли людьми, которым МОМ оказала помощь в Туркменистане; многих из них обманули, предложив работу официантки, няни или домработницы за рубежом. В листовке рассказывается, как распознать подозрительное предложение, и приводятся номера горячей линии.

Подробнее о работе МОМ по защите мигрантов — на сайте [www.iom.int](https://www.iom.int).`,
			},
		},
	},
}

var pages = []Page{
	{
		Key: "hotline",
		Tr: map[string]Text{
			"en": {
				Title:   "Hotline",
				Summary: "Planning to travel abroad? Don't hurry — call the hotline first. Consultations are free and confidential.",
				Body: `Planning to travel abroad for work, study or marriage? **Don't hurry — call the hotline first!**

## Before you travel

- Check the employer and the recruitment agency: ask for the company's full name and address and for a written contract in a language you understand.
- Make copies of your passport and other documents: leave one set with your family and keep another separately from the originals.
- Never give your passport to an employer or an intermediary: nobody has the right to keep your documents.
- Write down the phone number of the embassy or consulate of Turkmenistan in the country of destination.
- Call the hotline before you go.

## What the hotline can tell you

Hotline consultants can tell you:

- how to check a job, study or marriage offer abroad;
- which documents you need to enter, stay and work legally in the country of destination;
- how to contact the embassies and consulates of Turkmenistan abroad;
- where to turn for help if you or your relatives get into trouble abroad.

## Free and confidential

Calls are free and confidential; you do not have to give your name. The numbers and their hours are at the top of this page.`,
			},
			"ru": {
				Title:   "Горячая линия",
				Summary: "Собираетесь за рубеж? Не спешите — сначала позвоните на горячую линию. Консультации бесплатны и конфиденциальны.",
				Body: `Собираетесь выехать за рубеж на работу, учёбу или для вступления в брак? **Не спешите — сначала позвоните на горячую линию!**

## Перед поездкой

- Проверьте работодателя и кадровое агентство: узнайте полное название и адрес компании и попросите письменный договор на понятном вам языке.
- Сделайте копии паспорта и других документов: один комплект оставьте у родных, другой храните отдельно от оригиналов.
- Никогда не отдавайте свой паспорт работодателю или посреднику: никто не имеет права удерживать ваши документы.
- Запишите номер телефона посольства или консульства Туркменистана в стране назначения.
- Позвоните на горячую линию перед отъездом.

## Чем поможет горячая линия

Консультанты горячей линии расскажут:

- как проверить предложение о работе, учёбе или браке за рубежом;
- какие документы нужны для законного въезда, пребывания и работы в стране назначения;
- как связаться с посольствами и консульствами Туркменистана за рубежом;
- куда обратиться за помощью, если вы или ваши родственники попали в беду за границей.

## Бесплатно и конфиденциально

Звонки бесплатны и конфиденциальны; называть своё имя не обязательно. Номера и часы работы — в начале этой страницы.`,
			},
			"tk": {
				Title:   "Ynam telefony",
				Summary: "Daşary ýurda gitmegi meýilleşdirýärsiňizmi? Howlukmaň — ilki ynam telefonyna jaň ediň. Maslahatlar mugt we gizlin.",
				Body: `Daşary ýurda işlemek, okamak ýa-da durmuş gurmak üçin gitmegi meýilleşdirýärsiňizmi? **Howlukmaň — ilki ynam telefonyna jaň ediň!**

## Ýola çykmazdan öň

- Iş berijini we işe ýerleşdiriş gullugyny barlaň: kompaniýanyň doly adyny we salgysyny soraň we özüňize düşnükli dilde ýazmaça şertnama talap ediň.
- Pasportyňyzyň we beýleki resminamalaryňyzyň nusgalaryny alyň: bir toplumyny maşgalaňyzda galdyryň, beýlekisini asyl nusgalardan aýry saklaň.
- Pasportyňyzy hiç haçan iş berijä ýa-da araçy adama bermäň: hiç kimiň siziň resminamalaryňyzy saklamaga haky ýok.
- Barjak ýurduňyzdaky Türkmenistanyň ilçihanasynyň ýa-da konsullygynyň telefon belgisini ýazyp alyň.
- Gitmezden öň ynam telefonyna jaň ediň.

## Ynam telefony näme bilen kömek edip biler

Ynam telefonynyň maslahatçylary size şulary aýdyp berer:

- daşary ýurtda iş, okuw ýa-da nika teklibini nädip barlamaly;
- barjak ýurduňyza kanuny esasda girmek, ol ýerde bolmak we işlemek üçin haýsy resminamalar gerek;
- daşary ýurtlardaky Türkmenistanyň ilçihanalary we konsullyklary bilen nädip habarlaşmaly;
- siz ýa-da garyndaşlaryňyz daşary ýurtda kynçylyga uçrasa, kömek üçin nirä ýüz tutmaly.

## Mugt we gizlin

Jaňlar mugt we gizlin; adyňyzy aýtmak hökman däl. Belgiler we iş wagty şu sahypanyň başynda.`,
			},
		},
	},
	{
		Key: "about",
		Tr: map[string]Text{
			"en": {
				Title:   "About IOM in Turkmenistan",
				Summary: "IOM, the UN migration agency, works with the Government of Turkmenistan and its partners to promote humane and orderly migration for the benefit of all.",
				Body: `The International Organization for Migration (IOM) is the UN migration agency. Established in 1951, IOM is the leading intergovernmental organization in the field of migration and works closely with governmental, intergovernmental and non-governmental partners. It is committed to the principle that humane and orderly migration benefits migrants and society.

IOM's office in **Ashgabat** works in close cooperation with the Government of Turkmenistan, international organizations and civil society.

## Our programmes

- **Counter-trafficking:** prevention and awareness-raising, hotlines, training for law enforcement officers, judges and prosecutors, protection of victims and reintegration assistance.
- **Migration management:** support for migration policy and legislation, and for safe labour migration.
- **Border management:** training and technical assistance for border and migration services.
- **Assistance to migrants:** information and counselling, assisted voluntary return and reintegration, help for migrants in vulnerable situations.

## The hotline

{{hotlines}}

Learn more about IOM worldwide at [www.iom.int](https://www.iom.int).`,
			},
			"ru": {
				Title:   "О МОМ в Туркменистане",
				Summary: "МОМ — агентство ООН по вопросам миграции — работает вместе с Правительством Туркменистана и партнёрами над тем, чтобы миграция была гуманной, упорядоченной и приносила пользу всем.",
				Body: `Международная организация по миграции (МОМ) — агентство ООН по вопросам миграции. МОМ, основанная в 1951 г., является ведущей межправительственной организацией в сфере миграции и тесно сотрудничает с правительственными, межправительственными и неправительственными партнёрами. В основе её деятельности лежит принцип, согласно которому гуманная и упорядоченная миграция приносит пользу мигрантам и обществу.

Офис МОМ в **Ашхабаде** работает в тесном сотрудничестве с Правительством Туркменистана, международными организациями и гражданским обществом.

## Наши программы

- **Противодействие торговле людьми:** профилактика и информирование населения, горячие линии, обучение сотрудников правоохранительных органов, судей и прокуроров, защита пострадавших и помощь в их реинтеграции.
- **Управление миграцией:** содействие в совершенствовании миграционной политики и законодательства, поддержка безопасной трудовой миграции.
- **Управление границами:** обучение и техническая помощь пограничным и миграционным службам.
- **Помощь мигрантам:** информирование и консультирование, содействие добровольному возвращению и реинтеграции, помощь мигрантам в уязвимом положении.

## Горячая линия

{{hotlines}}

Подробнее о деятельности МОМ в мире — на сайте [www.iom.int](https://www.iom.int).`,
			},
		},
	},
}

var hotlines = []Hotline{
	{
		E164:    "+99312463514",
		Display: "+993 12 46-35-14",
		Label:   map[string]string{"en": "Ashgabat", "ru": "Ашхабад", "tk": "Aşgabat"},
		Hours:   map[string]string{"en": "Mon–Fri, 9:00–18:00", "ru": "Пн–Пт, 9:00–18:00", "tk": "Duş–Anna, 9:00–18:00"},
	},
	{
		E164:    "+99342232229",
		Display: "+993 422 3-22-29",
		Label:   map[string]string{"en": "Dashoguz", "ru": "Дашогуз", "tk": "Daşoguz"},
		Hours:   map[string]string{"en": "Mon–Fri, 9:00–18:00", "ru": "Пн–Пт, 9:00–18:00", "tk": "Duş–Anna, 9:00–18:00"},
	},
}
