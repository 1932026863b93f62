package xref

import (
	"strconv"
	"strings"
)

// personTitles are honorifics and offices written before or after a name;
// they are dropped from person names.
var personTitles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "prof": true, "sir": true, "dame": true,
	"lord": true, "lady": true, "monsieur": true, "madame": true, "mme": true, "mlle": true, "herr": true, "frau": true,
	"senor": true, "senora": true, "sr": true, "sra": true, "don": true, "dona": true, "president": true, "general": true,
	"gen": true, "col": true, "colonel": true, "capt": true, "captain": true, "rev": true, "reverend": true,
	"sheikh": true, "shaikh": true, "sheik": true, "jr": true, "jnr": true, "snr": true, "esq": true, "phd": true,
	"hon": true, "honourable": true, "honorable": true, "gospodin": true, "mister": true,
}

// academicTitles are the titles of a founder that organisations named after
// him keep in their names ("Dr. Ing. h. c. F. Porsche AG", "Prof. Dr.
// Schmidt GmbH"); they are dropped from organisation names.
var academicTitles = map[string]bool{
	"dr": true, "prof": true, "ing": true, "dipl": true, "mag": true, "hc": true,
}

// nameParticles are the small words inside names (al-, bin, van, de …):
// part of the name, but saying little, so they weigh a third.
var nameParticles = map[string]bool{
	"al": true, "el": true, "bin": true, "ibn": true, "ben": true, "bint": true, "abu": true, "abou": true, "ul": true,
	"de": true, "da": true, "di": true, "del": true, "della": true, "van": true, "von": true, "der": true, "den": true,
	"la": true, "le": true, "du": true, "dos": true, "das": true, "do": true, "y": true, "e": true, "ter": true, "ten": true, "mac": true,
}

// orgAbbreviations expand the abbreviations of common organisation words.
var orgAbbreviations = map[string]string{
	"intl": "international", "int": "international", "natl": "national", "mfg": "manufacturing", "bros": "brothers",
	"assn": "association", "assoc": "association", "dept": "department", "univ": "university", "inst": "institute",
	"svcs": "services", "svc": "service", "grp": "group", "hldgs": "holdings", "hldg": "holding", "invt": "investment",
	"mgmt": "management", "tech": "technology", "ind": "industries", "inds": "industries", "ctr": "center", "cntr": "center",
	"and": "and",
}

// numberWords read spelt-out numbers and ordinals as digits.
var numberWords = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40,
	"fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
	"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7, "8th": 8, "9th": 9, "10th": 10,
}

// romanNumerals read the series numbers of funds and trusts (II … XX);
// a lone I, V or X stays a letter.
var romanNumerals = map[string]int{
	"ii": 2, "iii": 3, "iv": 4, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "xi": 11, "xii": 12, "xiii": 13,
	"xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18, "xix": 19, "xx": 20,
}

// loneNumerals are the numerals that are also letters: read as numbers
// only at the end of an organisation's name.
var loneNumerals = map[string]int{"i": 1, "v": 5, "x": 10}

// leet maps digits written inside words back to the letters they stand for
// ("Sech1n" is sechin).
var leet = [10]byte{'o', 'i', 'z', 'e', 'a', 's', 'g', 't', 'b', 'g'}

// nameWords splits a transliterated name into its words and reads them:
// digits inside words as letters, numbers written out as digits, titles
// dropped (persons), abbreviations expanded (organisations).
func nameWords(latinName string, org bool) []string {
	words := strings.Fields(latinName)
	out := words[:0]
	for i := 0; i < len(words); i++ {
		w := unLeet(words[i])
		if n, ok := numberWords[w]; ok && org {
			// "forty four", "forty-four": one number
			if n >= 20 && n%10 == 0 && n < 100 && i+1 < len(words) {
				if m, ok := numberWords[words[i+1]]; ok && m < 10 {
					n += m
					i++
				} else if d := words[i+1]; len(d) == 1 && d[0] >= '1' && d[0] <= '9' {
					n += int(d[0] - '0') // "forty 4"
					i++
				}
			}
			w = strconv.Itoa(n)
		} else if r, ok := romanNumerals[w]; ok && org {
			w = strconv.Itoa(r)
		}
		if org {
			if full, ok := orgAbbreviations[w]; ok {
				w = full
			}
			if i+1 < len(words) && academicTitles[w] {
				continue // "Dr. Ing. h. c. F. Porsche AG": the founder's titles
			}
			if w == "h" && i+2 < len(words) && words[i+1] == "c" {
				i++ // h. c., honoris causa
				continue
			}
		} else if personTitles[w] && len(words) > 1 {
			continue
		} else if (w == "ibn" || w == "ben" || w == "bin") && i > 0 && i+1 < len(words) {
			w = "bin" // son of, however transliterated
		}
		out = append(out, w)
	}
	return out
}

// unLeet replaces the digits standing between two letters.
func unLeet(w string) string {
	if len(w) < 3 || isNumber(w) {
		return w
	}
	var b []byte
	for i := 1; i+1 < len(w); i++ {
		c := w[i]
		if c >= '0' && c <= '9' && isASCIILetter(w[i-1]) && isASCIILetter(w[i+1]) {
			if b == nil {
				b = []byte(w)
			}
			b[i] = leet[c-'0']
		}
	}
	if b == nil {
		return w
	}
	return string(b)
}
