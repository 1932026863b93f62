package xref

import (
	"strings"
	"sync"
)

// countryRows lists, per ISO 3166-1 alpha-2 code, its alpha-3 code and the
// English names and adjectives records use. It is a small table of the
// countries investigations meet most; an unknown value is compared as
// written (after latin()).
var countryRows = [][]string{
	{"us", "usa", "united states", "united states of america", "america", "american", "us citizen"},
	{"gb", "gbr", "united kingdom", "uk", "great britain", "britain", "british", "england", "scotland", "wales", "northern ireland"},
	{"ru", "rus", "russia", "russian federation", "russian"},
	{"ua", "ukr", "ukraine", "ukrainian"},
	{"by", "blr", "belarus", "belarusian"},
	{"de", "deu", "germany", "german", "federal republic of germany"},
	{"fr", "fra", "france", "french"},
	{"it", "ita", "italy", "italian"},
	{"es", "esp", "spain", "spanish"},
	{"pt", "prt", "portugal", "portuguese"},
	{"nl", "nld", "netherlands", "the netherlands", "holland", "dutch"},
	{"be", "bel", "belgium", "belgian"},
	{"lu", "lux", "luxembourg"},
	{"ch", "che", "switzerland", "swiss"},
	{"at", "aut", "austria", "austrian"},
	{"ie", "irl", "ireland", "irish"},
	{"dk", "dnk", "denmark", "danish"},
	{"se", "swe", "sweden", "swedish"},
	{"no", "nor", "norway", "norwegian"},
	{"fi", "fin", "finland", "finnish"},
	{"pl", "pol", "poland", "polish"},
	{"cz", "cze", "czech republic", "czechia", "czech"},
	{"sk", "svk", "slovakia", "slovak"},
	{"hu", "hun", "hungary", "hungarian"},
	{"ro", "rou", "romania", "romanian"},
	{"bg", "bgr", "bulgaria", "bulgarian"},
	{"gr", "grc", "greece", "greek", "hellenic republic"},
	{"cy", "cyp", "cyprus", "cypriot"},
	{"mt", "mlt", "malta", "maltese"},
	{"ee", "est", "estonia", "estonian"},
	{"lv", "lva", "latvia", "latvian"},
	{"lt", "ltu", "lithuania", "lithuanian"},
	{"si", "svn", "slovenia", "slovenian"},
	{"hr", "hrv", "croatia", "croatian"},
	{"rs", "srb", "serbia", "serbian"},
	{"ba", "bih", "bosnia and herzegovina", "bosnia"},
	{"me", "mne", "montenegro"},
	{"mk", "mkd", "north macedonia", "macedonia"},
	{"al", "alb", "albania", "albanian"},
	{"md", "mda", "moldova", "republic of moldova"},
	{"ge", "geo", "georgia", "georgian"},
	{"am", "arm", "armenia", "armenian"},
	{"az", "aze", "azerbaijan", "azerbaijani"},
	{"kz", "kaz", "kazakhstan", "kazakh"},
	{"uz", "uzb", "uzbekistan", "uzbek"},
	{"kg", "kgz", "kyrgyzstan", "kyrgyz"},
	{"tj", "tjk", "tajikistan"},
	{"tm", "tkm", "turkmenistan"},
	{"tr", "tur", "turkey", "turkiye", "turkish"},
	{"il", "isr", "israel", "israeli"},
	{"ps", "pse", "palestine", "palestinian"},
	{"lb", "lbn", "lebanon", "lebanese"},
	{"sy", "syr", "syria", "syrian arab republic", "syrian"},
	{"iq", "irq", "iraq", "iraqi"},
	{"ir", "irn", "iran", "islamic republic of iran", "iranian"},
	{"sa", "sau", "saudi arabia", "saudi"},
	{"ae", "are", "united arab emirates", "uae", "emirati"},
	{"qa", "qat", "qatar"},
	{"kw", "kwt", "kuwait"},
	{"bh", "bhr", "bahrain"},
	{"om", "omn", "oman"},
	{"ye", "yem", "yemen"},
	{"eg", "egy", "egypt", "egyptian"},
	{"ly", "lby", "libya", "libyan"},
	{"tn", "tun", "tunisia"},
	{"dz", "dza", "algeria"},
	{"ma", "mar", "morocco"},
	{"ng", "nga", "nigeria", "nigerian"},
	{"za", "zaf", "south africa", "south african"},
	{"ke", "ken", "kenya"},
	{"et", "eth", "ethiopia"},
	{"sd", "sdn", "sudan"},
	{"af", "afg", "afghanistan", "afghan"},
	{"pk", "pak", "pakistan", "pakistani"},
	{"in", "ind", "india", "indian"},
	{"bd", "bgd", "bangladesh"},
	{"lk", "lka", "sri lanka"},
	{"cn", "chn", "china", "peoples republic of china", "chinese"},
	{"hk", "hkg", "hong kong"},
	{"mo", "mac", "macao", "macau"},
	{"tw", "twn", "taiwan"},
	{"jp", "jpn", "japan", "japanese"},
	{"kr", "kor", "south korea", "republic of korea", "korea"},
	{"kp", "prk", "north korea", "democratic peoples republic of korea", "dprk"},
	{"mn", "mng", "mongolia"},
	{"vn", "vnm", "vietnam", "viet nam"},
	{"th", "tha", "thailand"},
	{"my", "mys", "malaysia"},
	{"sg", "sgp", "singapore"},
	{"id", "idn", "indonesia"},
	{"ph", "phl", "philippines"},
	{"mm", "mmr", "myanmar", "burma"},
	{"au", "aus", "australia", "australian"},
	{"nz", "nzl", "new zealand"},
	{"ca", "can", "canada", "canadian"},
	{"mx", "mex", "mexico", "mexican"},
	{"br", "bra", "brazil", "brazilian"},
	{"ar", "arg", "argentina"},
	{"cl", "chl", "chile"},
	{"co", "col", "colombia"},
	{"pe", "per", "peru"},
	{"ve", "ven", "venezuela"},
	{"ec", "ecu", "ecuador"},
	{"bo", "bol", "bolivia"},
	{"py", "pry", "paraguay"},
	{"uy", "ury", "uruguay"},
	{"pa", "pan", "panama"},
	{"cu", "cub", "cuba", "cuban"},
	{"bs", "bhs", "bahamas"},
	{"bz", "blz", "belize"},
	{"ky", "cym", "cayman islands"},
	{"vg", "vgb", "british virgin islands", "virgin islands british", "bvi"},
	{"bm", "bmu", "bermuda"},
	{"je", "jey", "jersey"},
	{"gg", "ggy", "guernsey"},
	{"im", "imn", "isle of man"},
	{"gi", "gib", "gibraltar"},
	{"li", "lie", "liechtenstein"},
	{"mc", "mco", "monaco"},
	{"ad", "and", "andorra"},
	{"sc", "syc", "seychelles"},
	{"mu", "mus", "mauritius"},
	{"sm", "smr", "san marino"},
	{"va", "vat", "holy see", "vatican"},
	{"is", "isl", "iceland"},
	{"mh", "mhl", "marshall islands"},
	{"ws", "wsm", "samoa"},
	{"vu", "vut", "vanuatu"},
	{"ag", "atg", "antigua and barbuda"},
	{"kn", "kna", "saint kitts and nevis"},
	{"lc", "lca", "saint lucia"},
	{"vc", "vct", "saint vincent and the grenadines"},
	{"dm", "dma", "dominica"},
	{"do", "dom", "dominican republic"},
	{"ht", "hti", "haiti"},
	{"jm", "jam", "jamaica"},
	{"tt", "tto", "trinidad and tobago"},
	{"cr", "cri", "costa rica"},
	{"gt", "gtm", "guatemala"},
	{"hn", "hnd", "honduras"},
	{"sv", "slv", "el salvador"},
	{"ni", "nic", "nicaragua"},
	{"zw", "zwe", "zimbabwe"},
	{"ao", "ago", "angola"},
	{"cd", "cod", "democratic republic of the congo", "dr congo"},
	{"gh", "gha", "ghana"},
	{"xk", "xkx", "kosovo"},
}

// countryCodes maps every spelling in countryRows (after latin()) to its
// alpha-2 code; built once, never changed.
var countryCodes = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, row := range countryRows {
		for _, s := range row {
			m[s] = row[0]
		}
	}
	return m
})

// countryCode reads a country as written in a record: a code, a name or an
// adjective; an unknown one is returned normalised.
func countryCode(s string) string {
	n := latin(s)
	if n == "" {
		return ""
	}
	if c, ok := countryCodes()[n]; ok {
		return c
	}
	if i := strings.IndexByte(n, ' '); i > 0 { // "ru moscow" style
		if c, ok := countryCodes()[n[:i]]; ok && len(n[:i]) == 2 {
			return c
		}
	}
	return n
}
