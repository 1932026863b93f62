package xref

import (
	_ "embed"
	"encoding/csv"
	"sort"
	"strings"
	"sync"
)

// legalForms maps the spellings of company legal forms (as latin() writes
// them, single letters joined: "S.A." is "sa") to one folded form. It is a
// compact hand-made table of the forms most common in company registers
// (ISO 20275 lists thousands): rigour's org-type database, the natural
// source, now ships compiled into a native extension rather than as data.
var legalForms = map[string]string{
	"llc": "llc", "limited liability company": "llc", "limited liability co": "llc",
	"ltd": "ltd", "limited": "ltd", "ltda": "ltd", "lda": "ltd", "pty ltd": "ltd", "pte ltd": "ltd", "pty": "ltd", "pte": "ltd",
	"inc": "inc", "incorporated": "inc",
	"corp": "corp", "corporation": "corp", "incorporation": "inc",
	"co": "co", "company": "co", "cos": "co", "companies": "co",
	"plc": "plc", "public limited company": "plc",
	"gmbh": "gmbh", "gesellschaft mit beschrankter haftung": "gmbh", "ggmbh": "gmbh",
	"ag": "ag", "aktiengesellschaft": "ag", "kg": "kg", "kommanditgesellschaft": "kg", "ohg": "ohg", "kgaa": "kgaa", "ug": "ug",
	"sa": "sa", "societe anonyme": "sa", "sociedad anonima": "sa", "sociedade anonima": "sa", "sas": "sas", "sasu": "sas", "sa de cv": "sa", "sab de cv": "sa",
	"sarl": "sarl", "srl": "srl", "sro": "sro", "spa": "spa", "sl": "sl", "slu": "sl", "snc": "snc", "sca": "sca", "scs": "scs",
	"societa a responsabilita limitata": "srl", "sociedad de responsabilidad limitada": "srl", "societe a responsabilite limitee": "sarl",
	"bv": "bv", "besloten vennootschap": "bv", "nv": "nv", "naamloze vennootschap": "nv", "bvba": "bvba", "vof": "vof",
	"ooo": "ooo", "obshchestvo s ogranichennoi otvetstvennostiu": "ooo", "oao": "oao", "zao": "zao", "pao": "pao", "ao": "ao", "tov": "tov", "pat": "pat", "prat": "prat",
	"otkrytoe aktsionernoe obshchestvo": "oao", "zakrytoe aktsionernoe obshchestvo": "zao", "publichnoe aktsionernoe obshchestvo": "pao", "aktsionernoe obshchestvo": "ao",
	"kft": "kft", "zrt": "zrt", "nyrt": "nyrt", "bt": "bt", "rt": "rt",
	"as": "as", "asa": "asa", "ab": "ab", "oy": "oy", "oyj": "oyj", "aps": "aps", "hf": "hf", "ehf": "ehf",
	"sp zoo": "spzoo", "spzoo": "spzoo", "sp z oo": "spzoo", "doo": "doo", "dd": "dd", "ad": "ad", "ead": "ead", "eood": "eood", "ood": "ood",
	"jsc": "jsc", "ojsc": "jsc", "cjsc": "jsc", "pjsc": "jsc", "joint stock company": "jsc", "public joint stock company": "jsc", "open joint stock company": "jsc", "closed joint stock company": "jsc",
	"lp": "lp", "llp": "llp", "lllp": "llp", "limited partnership": "lp", "limited liability partnership": "llp", "pllc": "llc", "pc": "pc",
	"fze": "fze", "fzco": "fzco", "fzc": "fzc", "fz llc": "llc", "wll": "wll", "saog": "sa", "saoc": "sa", "psc": "psc",
	"ev": "ev", "eingetragener verein": "ev", "eg": "eg", "eingetragene genossenschaft": "eg", "gbr": "gbr", "mbh": "gmbh",
	"sa rl": "sarl", "sa r l": "sarl", "s a r l": "sarl",
	"korlatolt felelossegu tarsasag": "kft", "zartkoruen mukodo reszvenytarsasag": "zrt", "nyilvanosan mukodo reszvenytarsasag": "nyrt",
	"betei tarsasag": "bt", "beteti tarsasag": "bt", "kozkereseti tarsasag": "kkt", "kkt": "kkt",
	"spolka z ograniczona odpowiedzialnoscia": "spzoo", "spolka akcyjna": "sa", "spolka komandytowa": "sk",
	"spolecnost s rucenim omezenym": "sro", "akciova spolecnost": "as", "spol s ro": "sro",
	"societa per azioni": "spa", "societa a responsabilita limitata semplificata": "srl", "srls": "srl",
	"sociedad limitada": "sl", "sociedade limitada": "ltd", "sociedad anonima de capital variable": "sa",
	"aktiebolag": "ab", "aksjeselskap": "as", "aktieselskab": "as", "anpartsselskab": "aps", "osakeyhtio": "oy",
	"free zone establishment": "fze", "free zone company": "fzco", "fz co": "fzco", "fz e": "fze",
	"tovarystvo z obmezhenoiu vidpovidalnistiu": "tov", "tovaristvo z obmezhenoiu vidpovidalnistiu": "tov",
	"obshchestvo s ogranichennoy otvetstvennostyu": "ooo", "besloten vennootschap met beperkte aansprakelijkheid": "bv",
	"public company limited": "plc", "company limited": "ltd", "private limited company": "ltd", "private limited": "ltd",
	"societatea cu raspundere limitata": "srl", "societate pe actiuni": "sa", "societe par actions simplifiee": "sas",
	"kk": "kk", "kabushiki kaisha": "kk", "yk": "yk", "bhd": "bhd", "sdn bhd": "bhd", "berhad": "bhd", "tbk": "tbk", "pt": "pt", "cv": "cv",
	"gie": "gie", "sci": "sci", "eurl": "eurl", "se": "se", "sce": "sce", "eirl": "eirl", "sapi de cv": "sa",
}

// legalFormKinds sorts the folded legal forms into kinds: a limited
// liability company (Ltd, LLC, GmbH, OOO …), a stock company (AG, SA, PLC,
// JSC, Inc …) or a partnership (LP, KG …). Forms of one kind are the
// usual translations of each other ("ООО Ромашка" is "Romashka LLC");
// forms of different kinds suggest different companies (Deutsche Bank AG,
// Deutsche Bank GmbH). Forms not listed (co, corp, pt …) say nothing.
var legalFormKinds = map[string]string{
	"llc": "limited liability", "ltd": "limited liability", "gmbh": "limited liability", "ooo": "limited liability",
	"sarl": "limited liability", "srl": "limited liability", "sro": "limited liability", "spzoo": "limited liability",
	"bv": "limited liability", "kft": "limited liability", "doo": "limited liability", "tov": "limited liability",
	"bvba": "limited liability", "ug": "limited liability", "eood": "limited liability", "ood": "limited liability",
	"sl": "limited liability", "aps": "limited liability", "eurl": "limited liability", "wll": "limited liability",
	"ag": "stock", "sa": "stock", "nv": "stock", "plc": "stock", "jsc": "stock", "ao": "stock", "pao": "stock",
	"oao": "stock", "zao": "stock", "zrt": "stock", "nyrt": "stock", "spa": "stock", "as": "stock", "asa": "stock",
	"ab": "stock", "oy": "stock", "oyj": "stock", "kk": "stock", "bhd": "stock", "inc": "stock", "se": "stock",
	"sas": "stock", "ad": "stock", "ead": "stock", "dd": "stock", "pat": "stock", "prat": "stock", "tbk": "stock", "rt": "stock",
	"sk": "partnership", "kkt": "partnership",
	"lp": "partnership", "llp": "partnership", "kg": "partnership", "ohg": "partnership", "snc": "partnership",
	"vof": "partnership", "bt": "partnership", "kgaa": "partnership", "scs": "partnership",
}

// maxLegalFormTokens is the longest legal form, in tokens.
const maxLegalFormTokens = 5

// orgStopwords carry nothing in an organisation's name and are dropped.
var orgStopwords = map[string]bool{"the": true, "of": true, "and": true, "und": true, "et": true}

// genericOrgWords are common in organisation names and say little about
// which one is meant; they count half a distinctive word (one that names a
// line of business still tells "Crystalord Systems" from "Crystalord").
// Region names, and countries in brackets, count a quarter (isGenericOrgWord):
// "Deutsche Bank (Schweiz) AG" is Deutsche Bank's Swiss arm, "Faberlic
// Europe" Faberlic's.
var genericOrgWords = map[string]bool{
	"holding": true, "holdings": true, "group": true, "groups": true, "bank": true, "international": true, "intl": true,
	"trading": true, "trade": true, "services": true, "service": true, "investment": true, "investments": true,
	"management": true, "capital": true, "partners": true, "global": true, "enterprises": true, "enterprise": true,
	"industries": true, "industry": true, "industrial": true, "consulting": true, "solutions": true, "technologies": true,
	"technology": true, "development": true, "finance": true, "financial": true, "fund": true, "foundation": true,
	"association": true, "trust": true, "ventures": true, "properties": true, "property": true, "realty": true,
	"resources": true, "energy": true, "systems": true, "logistics": true, "import": true, "export": true,
	"general": true, "national": true, "united": true, "world": true, "worldwide": true, "universal": true, "center": true, "centre": true,
	"society": true, "institute": true, "agency": true, "network": true, "media": true, "construction": true,
	"commercial": true, "business": true, "marketing": true, "products": true, "securities": true, "assets": true,
	"asset": true, "equity": true, "insurance": true, "credit": true, "bancorp": true, "invest": true,
	"de": true, "del": true, "des": true, "du": true, "la": true, "le": true, "les": true, "der": true, "die": true, "das": true, "for": true, "in": true, "y": true, "e": true,
	"ministry": true, "department": true, "office": true, "council": true, "committee": true, "authority": true,
}

//go:embed data/nicknames.csv
var nicknamesCSV string

// nicknamesExtraCSV adds the diminutives of Russian, German, Greek, Italian
// and Spanish given names that the English table lacks (written for
// casegraph).
//
//go:embed data/nicknames-extra.csv
var nicknamesExtraCSV string

// nicknameTable maps a given name to the ids of the name groups it belongs
// to: a formal name and its nicknames share a group ("mike" and "michael").
type nicknameTable map[string][]int32

// nicknames is read once from the embedded table; it never changes.
var nicknames = sync.OnceValue(func() nicknameTable {
	rows, err := csv.NewReader(strings.NewReader(nicknamesCSV)).ReadAll()
	if err != nil {
		panic("xref: embedded nickname table: " + err.Error())
	}
	extra, err := csv.NewReader(strings.NewReader(nicknamesExtraCSV)).ReadAll()
	if err != nil {
		panic("xref: embedded nickname table: " + err.Error())
	}
	rows = append(rows, extra[1:]...)
	groups := map[string]int32{}
	t := nicknameTable{}
	add := func(name string, g int32) {
		for _, have := range t[name] {
			if have == g {
				return
			}
		}
		t[name] = append(t[name], g)
	}
	for i, row := range rows {
		if i == 0 || len(row) < 3 {
			continue
		}
		formal, nick := latin(row[0]), latin(row[2])
		if formal == "" || nick == "" {
			continue
		}
		g, ok := groups[formal]
		if !ok {
			g = int32(len(groups))
			groups[formal] = g
		}
		add(formal, g)
		add(nick, g)
	}
	for _, gs := range t {
		sort.Slice(gs, func(i, j int) bool { return gs[i] < gs[j] })
	}
	return t
})

// shareGroup reports whether two sorted group lists intersect.
func shareGroup(a, b []int32) bool {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			return true
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return false
}

// regionWords are names of places used in organisation names that the
// country table does not hold.
var regionWords = map[string]bool{
	"europe": true, "european": true, "asia": true, "asian": true, "africa": true, "african": true, "americas": true,
	"pacific": true, "atlantic": true, "nordic": true, "scandinavia": true, "baltic": true, "balkan": true, "gulf": true,
	"schweiz": true, "suisse": true, "svizzera": true, "deutschland": true, "osterreich": true, "espana": true, "italia": true,
	"nederland": true, "polska": true, "rossiia": true, "rossii": true, "north": true, "south": true, "east": true, "west": true,
	"middle": true,
}

// isGenericOrgWord reports whether a word of an organisation's name says
// little about which one is meant.
func isGenericOrgWord(w string) bool {
	return genericOrgWords[w] || regionWords[w] || isCountryWord(w)
}

// nativeCountryWords are countries' names in their own languages, as
// organisations write them into their names (regionWords holds them too).
var nativeCountryWords = map[string]bool{
	"schweiz": true, "suisse": true, "svizzera": true, "deutschland": true, "osterreich": true, "espana": true,
	"italia": true, "nederland": true, "polska": true, "rossiia": true, "rossii": true,
}

// isCountryWord reports whether a word of an organisation's name names a
// country (its name or adjective, not its code). Written into the name
// ("Banco Santander México", "Mendez Nederland") it names a national
// company of a group, a different legal person, and weighs as a
// distinctive word; in brackets ("Deutsche Bank (Schweiz) AG") it is a
// seat added to the name and weighs as a generic one. Two names that each
// keep a country the other lacks are two arms of one group ("Bowne Global
// Solutions II (Sweden) AB" and "(Finland) AB").
func isCountryWord(w string) bool {
	if nativeCountryWords[w] {
		return true
	}
	if len(w) > 3 {
		_, ok := countryCodes()[w]
		return ok
	}
	return false
}
