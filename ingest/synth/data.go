package synth

import "fmt"

// Word lists the fake names are made from. All invented combinations; any
// likeness to a real person or firm is chance.

// nation gives people of one nationality their names.
type nation struct {
	code           string // ISO 3166 alpha-2, lower case like the rest of casegraph
	weight         int
	male, female   []string
	last           []string
	femaleLastA    bool        // Ivanov → Ivanova
	middleInitials bool        // "Robert J. Miller"; otherwise a second given name now and then
	patronymics    [2][]string // male, female: "Sergei Olegovich Volkov"
}

var nations = []nation{
	{code: "hu", weight: 20,
		male:   []string{"László", "Zoltán", "Gábor", "Péter", "István", "Tamás", "Attila", "Balázs", "Csaba", "Ferenc", "Sándor", "Levente"},
		female: []string{"Katalin", "Éva", "Zsuzsanna", "Andrea", "Erzsébet", "Krisztina", "Ildikó", "Judit", "Anikó", "Réka", "Tünde", "Orsolya"},
		last:   []string{"Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár", "Németh", "Farkas", "Balogh", "Papp", "Takács", "Juhász", "Lakatos", "Mészáros", "Oláh", "Simon", "Rácz", "Fekete"}},
	{code: "us", weight: 20, middleInitials: true,
		male:   []string{"Michael", "James", "Robert", "David", "Scott", "Carl", "Andrew", "Daniel", "Thomas", "Richard", "Steven", "Brian"},
		female: []string{"Jennifer", "Linda", "Susan", "Karen", "Lisa", "Nancy", "Amy", "Rebecca", "Laura", "Megan", "Heather", "Donna"},
		last:   []string{"Johnson", "Miller", "Davis", "Garcia", "Anderson", "Martin", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "Allen", "King", "Wright", "Hill", "Baker", "Nelson"}},
	{code: "de", weight: 12, middleInitials: true,
		male:   []string{"Thomas", "Stefan", "Andreas", "Michael", "Jürgen", "Klaus", "Frank", "Uwe", "Matthias", "Wolfgang", "Tobias", "Jens"},
		female: []string{"Sabine", "Claudia", "Petra", "Monika", "Andrea", "Birgit", "Susanne", "Katrin", "Anja", "Heike", "Ute", "Silke"},
		last:   []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann"}},
	{code: "gb", weight: 12, middleInitials: true,
		male:   []string{"James", "Oliver", "George", "William", "Edward", "Henry", "Charles", "Nicholas", "Simon", "Rupert", "Alistair", "Graham"},
		female: []string{"Charlotte", "Emily", "Harriet", "Sophie", "Lucy", "Victoria", "Fiona", "Alice", "Imogen", "Rachel", "Joanna", "Clare"},
		last:   []string{"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Davies", "Evans", "Roberts", "Walsh", "Hughes", "Green", "Wood", "Turner", "Cooper", "Ward", "Morris", "Palmer", "Fletcher", "Ashworth"}},
	{code: "ru", weight: 10, femaleLastA: true,
		patronymics: [2][]string{
			{"Sergeyevich", "Alexandrovich", "Ivanovich", "Petrovich", "Viktorovich", "Nikolayevich", "Mikhailovich", "Olegovich", "Yurievich", "Pavlovich"},
			{"Sergeyevna", "Alexandrovna", "Ivanovna", "Petrovna", "Viktorovna", "Nikolayevna", "Mikhailovna", "Olegovna", "Yurievna", "Pavlovna"},
		},
		male:   []string{"Alexei", "Dmitry", "Sergei", "Igor", "Viktor", "Andrei", "Oleg", "Yuri", "Mikhail", "Pavel", "Nikolai", "Vladislav"},
		female: []string{"Olga", "Natalia", "Elena", "Irina", "Svetlana", "Tatiana", "Marina", "Yulia", "Anna", "Ekaterina", "Ksenia", "Galina"},
		last:   []string{"Ivanov", "Petrov", "Sidorov", "Volkov", "Kuznetsov", "Sokolov", "Popov", "Lebedev", "Morozov", "Novikov", "Fedorov", "Orlov", "Belov", "Zaitsev", "Pavlov", "Semenov", "Golubev", "Vinogradov", "Bogdanov", "Vorobyov"}},
	{code: "cy", weight: 10,
		male:   []string{"Andreas", "Giorgos", "Christos", "Nikos", "Kyriakos", "Panayiotis", "Marios", "Costas", "Stelios", "Savvas", "Loizos", "Demetris"},
		female: []string{"Maria", "Eleni", "Despina", "Sofia", "Androulla", "Christina", "Katerina", "Georgia", "Stella", "Marina", "Myria", "Anthi"},
		last:   []string{"Georgiou", "Christodoulou", "Ioannou", "Constantinou", "Charalambous", "Nicolaou", "Demetriou", "Papadopoulos", "Savva", "Antoniou", "Kyriacou", "Panayiotou", "Hadjigeorgiou", "Economou", "Stylianou", "Theodorou", "Petrou", "Neophytou", "Michaelides", "Loizou"}},
	{code: "ch", weight: 8,
		male:   []string{"Lukas", "Reto", "Beat", "Urs", "Daniel", "Marco", "Roman", "Adrian", "Patrick", "Christoph", "Matthias", "Simon"},
		female: []string{"Nadine", "Corinne", "Martina", "Sandra", "Barbara", "Ursula", "Regula", "Nicole", "Franziska", "Daniela", "Bettina", "Silvia"},
		last:   []string{"Meier", "Keller", "Brunner", "Gerber", "Baumann", "Frei", "Huber", "Steiner", "Moser", "Widmer", "Suter", "Graf", "Bachmann", "Schmid", "Kälin", "Bühler", "Egger", "Lüthi", "Vogt", "Marti"}},
	{code: "ae", weight: 8,
		male:   []string{"Ahmed", "Mohammed", "Khalid", "Omar", "Rashid", "Saeed", "Hamad", "Sultan", "Yousef", "Majid", "Faisal", "Tariq"},
		female: []string{"Fatima", "Aisha", "Mariam", "Layla", "Noura", "Hessa", "Amna", "Shamma", "Reem", "Latifa", "Moza", "Salama"},
		last:   []string{"Al Mansouri", "Al Hashimi", "Al Nuaimi", "Al Suwaidi", "Al Falasi", "Al Ketbi", "Al Shamsi", "Al Mazrouei", "Al Dhaheri", "Al Zaabi", "Al Marri", "Al Kaabi", "Al Blooshi", "Al Hammadi", "Al Ali", "Al Rumaithi", "Al Khoori", "Al Tayer", "Al Awadhi", "Al Jaberi"}},
}

var positions = []string{"businessman", "director", "accountant", "lawyer", "banker",
	"consultant", "civil servant", "investor", "notary", "real estate agent", "politician",
	"shipping agent", "art dealer", "tax adviser", "journalist"}

// jurisdiction gives companies registered there a suffix and a number.
type jurisdiction struct {
	code     string
	weight   int
	suffixes []string
	regNo    func(r *rng, i int) string
}

var jurisdictions = []jurisdiction{
	{"hu", 16, []string{"Kft.", "Kft.", "Zrt.", "Bt."}, func(r *rng, i int) string { return fmt.Sprintf("%02d-09-%06d", r.between(1, 20), 100000+i%900000) }},
	{"us", 14, []string{"LLC", "LLC", "Inc.", "Corp."}, func(r *rng, i int) string { return fmt.Sprintf("%07d", 2000000+i*7%8000000) }},
	{"gb", 12, []string{"Ltd.", "Ltd.", "LLP", "plc"}, func(r *rng, i int) string { return fmt.Sprintf("%08d", 4000000+i*13%6000000) }},
	{"de", 10, []string{"GmbH", "GmbH", "AG", "GmbH & Co. KG"}, func(r *rng, i int) string { return fmt.Sprintf("HRB %d", 10000+i%90000) }},
	{"cy", 10, []string{"Ltd", "Limited"}, func(r *rng, i int) string { return fmt.Sprintf("HE%06d", 100000+i%900000) }},
	{"ch", 6, []string{"AG", "SA", "GmbH"}, func(r *rng, i int) string {
		n := 100000000 + i*37%900000000
		return fmt.Sprintf("CHE-%03d.%03d.%03d", n/1000000, n/1000%1000, n%1000)
	}},
	{"vg", 8, []string{"Ltd.", "Inc.", "Holdings Ltd."}, func(r *rng, i int) string { return fmt.Sprintf("%07d", 1000000+i*11%9000000) }},
	{"pa", 5, []string{"S.A.", "Corp.", "Inc."}, func(r *rng, i int) string { return fmt.Sprintf("%d-1-%d", 155600000+i, r.between(2010, 2022)) }},
	{"ae", 6, []string{"FZE", "FZCO", "LLC"}, func(r *rng, i int) string { return fmt.Sprintf("DMCC-%06d", 100000+i%900000) }},
	{"nl", 5, []string{"B.V.", "B.V.", "N.V."}, func(r *rng, i int) string { return fmt.Sprintf("%08d", 30000000+i*17%60000000) }},
	{"lu", 4, []string{"S.à r.l.", "S.A."}, func(r *rng, i int) string { return fmt.Sprintf("B%06d", 100000+i%900000) }},
	{"mt", 4, []string{"Ltd", "Limited"}, func(r *rng, i int) string { return fmt.Sprintf("C %05d", 10000+i%90000) }},
}

var (
	companyFirst = []string{"Danube", "Alpine", "Northern", "Blue Harbor", "Silverline", "Baltic", "Meridian",
		"Crown", "Oakridge", "Pannonia", "Atlas", "Golden Gate", "Adriatic", "Sterling", "Lakeside", "Phoenix",
		"Emerald", "Hanseatic", "Aurora", "Cedar", "Summit", "Castle", "Orion", "Falcon", "Granite", "Nova",
		"Delta", "Zenith", "Bluewater", "Carpathian", "Redwood", "Polaris", "Tisza", "Ironbridge", "Seabright", "Westgate"}
	companySecond = []string{"Trading", "Holdings", "Consulting", "Logistics", "Invest", "Media", "Capital",
		"Property", "Energy", "Ventures", "Services", "Advisory", "Imports", "Technologies", "Management",
		"Partners", "Resources", "Shipping", "Marketing", "Development", "Commodities", "Real Estate"}
	companyThird = []string{"International", "Group", "Europe", "Global", "East", "Trust", "Overseas", "Finance"}
)

// bankCountry gives banks of one country a name and the shape of their IBANs.
type bankCountry struct {
	code    string
	kind    string // what follows the bank's name
	letters int    // letters at the start of the BBAN (bank code)
	bankNo  int    // digits of bank/branch code after them
	acctNo  int    // digits of the account number
}

// bankCountries are in the order banks are assigned to them, so even three
// banks sit in three countries. BBAN lengths follow the IBAN registry.
var bankCountries = []bankCountry{
	{"hu", "Bank Zrt.", 0, 7, 17},
	{"cy", "Commercial Bank Ltd", 0, 8, 16},
	{"ch", "Private Bank SA", 0, 5, 12},
	{"lv", "Banka AS", 4, 0, 13},
	{"de", "Bank AG", 0, 8, 10},
	{"at", "Privatbank AG", 0, 5, 11},
	{"gb", "Merchant Bank plc", 4, 6, 8},
	{"nl", "Bank N.V.", 4, 0, 10},
	{"lu", "Banque S.A.", 0, 3, 13},
	{"mt", "Bank p.l.c.", 4, 5, 18},
	{"ae", "Bank PJSC", 0, 3, 16},
	{"li", "Bank AG", 0, 5, 12},
}

var bankNames = []string{"Pannonia", "Meridian", "Sterling", "Aurora", "Hanseatic", "Alpine", "Baltic",
	"Levant", "Riverside", "Crown", "Adriatic", "Harbour", "Commerz", "Atlas", "Noble", "Liberty"}

// agency is a public body; prosecutors bring cases.
type agency struct {
	name, jurisdiction string
	prosecutes         bool
}

// agencies: the first is a prosecutor, so a case can always find one.
var agencies = []agency{
	{"U.S. Department of Justice", "us", true},
	{"Fővárosi Főügyészség", "hu", true},
	{"Serious Fraud Office", "gb", true},
	{"Federal Bureau of Investigation", "us", false},
	{"Staatsanwaltschaft Frankfurt am Main", "de", true},
	{"Office of the Attorney General of Switzerland", "ch", true},
	{"Nemzeti Adó- és Vámhivatal", "hu", false},
	{"U.S. Attorney's Office for the District of Arizona", "us", true},
	{"National Crime Agency", "gb", false},
	{"Unit for Combating Money Laundering (MOKAS)", "cy", false},
	{"Zentrale Staatsanwaltschaft zur Verfolgung von Wirtschaftsstrafsachen und Korruption", "at", true},
	{"U.S. Attorney's Office for the Southern District of New York", "us", true},
	{"Crown Prosecution Service", "gb", true},
	{"Internal Revenue Service – Criminal Investigation", "us", false},
	{"Bundeskriminalamt", "de", false},
	{"Law Office of the Republic of Cyprus", "cy", true},
	{"Financial Crimes Enforcement Network", "us", false},
	{"U.S. Attorney's Office for the Eastern District of Virginia", "us", true},
}

// legal describes one jurisdiction's courts, case numbers and statutes.
type legal struct {
	courts     []string
	caseNumber func(r *rng, year, seq int) string
	statutes   [][2]string // statute, description
}

var legalSystems = map[string]legal{
	"us": {
		courts: []string{"D. Ariz.", "S.D.N.Y.", "E.D. Va.", "C.D. Cal.", "S.D. Fla."},
		caseNumber: func(r *rng, year, seq int) string {
			return fmt.Sprintf("%d:%02d-cr-%05d", r.between(1, 4), year%100, seq)
		},
		statutes: [][2]string{
			{"18 U.S.C. § 1956(h)", "Conspiracy to commit money laundering"},
			{"18 U.S.C. § 1956(a)(1)(B)(i)", "Concealment money laundering"},
			{"18 U.S.C. § 1957", "Transactional money laundering"},
			{"18 U.S.C. § 1952(a)(3)(A)", "Travel Act: facilitating unlawful activity"},
			{"18 U.S.C. § 371", "Conspiracy to commit an offense against the United States"},
			{"18 U.S.C. § 1343", "Wire fraud"},
			{"31 U.S.C. § 5324", "Structuring transactions to evade reporting requirements"},
		},
	},
	"hu": {
		courts:     []string{"Fővárosi Törvényszék", "Szegedi Törvényszék", "Debreceni Törvényszék"},
		caseNumber: func(r *rng, year, seq int) string { return fmt.Sprintf("%d.B.%d/%d", r.between(1, 30), seq, year) },
		statutes: [][2]string{
			{"Btk. 399. §", "Pénzmosás (money laundering)"},
			{"Btk. 396. §", "Költségvetési csalás (budget fraud)"},
			{"Btk. 293. §", "Hivatali vesztegetés (bribery of an official)"},
		},
	},
	"gb": {
		courts:     []string{"Southwark Crown Court", "Central Criminal Court"},
		caseNumber: func(r *rng, year, seq int) string { return fmt.Sprintf("T%d%04d", year, seq%10000) },
		statutes: [][2]string{
			{"Proceeds of Crime Act 2002, s. 327", "Concealing criminal property"},
			{"Proceeds of Crime Act 2002, s. 328", "Arrangements facilitating acquisition of criminal property"},
			{"Fraud Act 2006, s. 1", "Fraud by false representation"},
			{"Bribery Act 2010, s. 1", "Bribing another person"},
		},
	},
	"de": {
		courts: []string{"Landgericht Frankfurt am Main", "Landgericht München I"},
		caseNumber: func(r *rng, year, seq int) string {
			return fmt.Sprintf("%d KLs %d/%02d", r.between(1, 30), seq, year%100)
		},
		statutes: [][2]string{
			{"§ 261 StGB", "Geldwäsche (money laundering)"},
			{"§ 263 StGB", "Betrug (fraud)"},
			{"§ 299 StGB", "Bestechung im geschäftlichen Verkehr (commercial bribery)"},
		},
	},
	"ch": {
		courts:     []string{"Bundesstrafgericht"},
		caseNumber: func(r *rng, year, seq int) string { return fmt.Sprintf("SK.%d.%d", year, seq) },
		statutes: [][2]string{
			{"Art. 305bis StGB", "Geldwäscherei (money laundering)"},
			{"Art. 322ter StGB", "Bestechen (bribery)"},
		},
	},
	"cy": {
		courts:     []string{"Nicosia Assize Court", "Limassol Assize Court"},
		caseNumber: func(r *rng, year, seq int) string { return fmt.Sprintf("%d/%d", seq, year) },
		statutes: [][2]string{
			{"Law 188(I)/2007, s. 4", "Laundering of proceeds of crime"},
		},
	},
	"at": {
		courts: []string{"Landesgericht für Strafsachen Wien"},
		caseNumber: func(r *rng, year, seq int) string {
			return fmt.Sprintf("%d Hv %d/%02d", r.between(1, 150), seq, year%100)
		},
		statutes: [][2]string{
			{"§ 165 StGB", "Geldwäscherei (money laundering)"},
			{"§ 153 StGB", "Untreue (breach of trust)"},
		},
	},
}

// outcomes are written as words; the mapping's outcome type reads them.
var (
	outcomeWords  = []string{"convicted", "acquitted", "hung jury", "mistrial", "dismissed", "pleaded guilty"}
	closedWeights = []int{35, 15, 8, 7, 15, 20}
)

var (
	meetingPlaces = []string{"Budapest", "Vienna", "Limassol", "Zurich", "London", "Dubai", "Riga",
		"Tysons Corner, Virginia", "Phoenix, Arizona", "Frankfurt am Main", "Geneva", "Nicosia",
		"New York", "Miami", "Luxembourg", "Valletta", "Amsterdam", "Monaco"}
	meetingKinds  = []string{"Dinner", "Lunch meeting", "Board meeting", "Meeting", "Conference call", "Hotel lobby meeting", "Breakfast meeting", "Site visit"}
	meetingTopics = []string{"discussed invoices from %s", "agreed to route payments through %s",
		"reviewed the accounts of %s", "negotiated a consulting contract with %s",
		"introduced the owners of %s", "planned the sale of shares in %s", "discussed a loan to %s"}
)

// purposes are kept apart by who pays whom, and the mapping relies on it:
// payments.csv is read once per pair, filtered on purpose, so each payer and
// beneficiary gets the right schema (Person or Company). Indexed
// [payer is a company][beneficiary is a company].
var purposes = [2][2][]string{
	{
		{"loan", "gift", "family support", "rent", "private sale", "repayment of personal loan"},
		{"capital contribution", "share subscription", "service fee", "purchase deposit", "membership fee"},
	},
	{
		{"salary", "consulting fee", "director's fee", "dividend", "commission", "expense reimbursement"},
		{"invoice settlement", "consulting services", "intercompany loan", "marketing services",
			"software licence", "trade finance", "advance payment for goods", "management fee"},
	},
}
