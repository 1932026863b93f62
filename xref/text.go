package xref

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-unidecode"
)

// latin transliterates s to lower-case ASCII: accents dropped, Cyrillic,
// Greek, Arabic, CJK … romanised by go-unidecode, with a few letters first
// moved to the readings name lists use (modern Greek η and β are i and v,
// Russian ё is written e). Apostrophes vanish ("O'Brien" is obrien); every
// other character that is not a letter or digit becomes a space.
func latin(s string) string { return latinize(s, false) }

// latinize is latin; with joinDotted, a dot after a lone letter joins it
// to the next ("S.A." is sa, "L.P." is lp, "A.B.C." is abc), as
// organisation names write their abbreviations.
func latinize(s string, joinDotted bool) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if !ascii {
		s = strings.Map(preLatin, s)
		s = unidecode.Unidecode(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
			space = false
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteByte(c)
			space = false
		case c == '\'' || c == '`':
			// O'Brien, Mar'yam: one word
		case c == '.' && joinDotted && loneLetter(s, i):
			// S.A.: no break
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// loneLetter reports whether s[i-1] is a letter standing alone: the start
// of s or a non-letter before it.
func loneLetter(s string, i int) bool {
	if i == 0 || !isASCIILetter(s[i-1]) {
		return false
	}
	return i == 1 || !isASCIILetter(s[i-2])
}

func isASCIILetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// preLatin moves letters whose unidecode reading differs from the usual
// romanisation of names.
func preLatin(r rune) rune {
	switch r {
	case 'η', 'ή':
		return 'ι'
	case 'Η', 'Ή':
		return 'Ι'
	case 'β':
		return 'в'
	case 'Β':
		return 'В'
	case 'ё':
		return 'е'
	case 'Ё':
		return 'Е'
	case 'ʼ', '’', 'ʻ', '‘':
		return '\''
	}
	if unicode.Is(unicode.Mn, r) { // a stray combining mark
		return -1
	}
	return r
}

// skeleton is a token's sound: every consonant replaced by its Soundex
// class (b f p v → 1; c g j k q s x z → 2; d t → 3; l → 4; m n → 5; r → 6),
// vowels, h, w and y left out, a repeated class written once (even across
// a vowel, so that scripts written without vowels compare), and a '0'
// first when the word starts with a vowel. Scholz and Schulze share one
// (2442… → "242"), Merkel and Merkur do not.
func skeleton(t string, buf []byte) []byte {
	buf = buf[:0]
	var last byte
	for i := 0; i < len(t); i++ {
		c := soundClass(t[i])
		if i == 0 && c == 0 {
			buf = append(buf, '0')
		}
		if c == 0 {
			continue
		}
		if c != last {
			buf = append(buf, c)
		}
		last = c
	}
	return buf
}

func soundClass(c byte) byte {
	switch c {
	case 'b', 'f', 'p', 'v':
		return '1'
	case 'c', 'g', 'j', 'k', 'q', 's', 'x', 'z':
		return '2'
	case 'd', 't':
		return '3'
	case 'l':
		return '4'
	case 'm', 'n':
		return '5'
	case 'r':
		return '6'
	}
	if c >= '0' && c <= '9' {
		return c | 0x80 // digits keep their identity
	}
	return 0
}

// isNumber reports whether a token is all digits.
func isNumber(t string) bool {
	if t == "" {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	return true
}

// consonants is a word without its vowels (a e i o u y): the part of a
// romanised Arabic or Hebrew word that the script wrote.
func consonants(t string) string {
	b := make([]byte, 0, len(t))
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case 'a', 'e', 'i', 'o', 'u', 'y':
		default:
			b = append(b, t[i])
		}
	}
	return string(b)
}

// The kinds of script a name may be written in, as far as matching cares.
const (
	scriptAlphabet = iota
	scriptAbjad    // Arabic, Hebrew, Syriac (and Khmer, Lao, Thai, Myanmar, whose vowel signs romanise poorly): compared by consonants
	scriptSyllabic // Han, Hangul, Kana: romanised per syllable
)

func scriptOf(s string) int {
	for _, r := range s {
		if r < 0x0590 {
			continue
		}
		switch {
		case unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Khmer, unicode.Lao, unicode.Myanmar, unicode.Thai):
			return scriptAbjad
		case unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana):
			return scriptSyllabic
		}
	}
	return scriptAlphabet
}

// sortedLetters is a word's letters in sorted order.
func sortedLetters(w string) string {
	b := []byte(w)
	for i := 1; i < len(b); i++ {
		for j := i; j > 0 && b[j] < b[j-1]; j-- {
			b[j], b[j-1] = b[j-1], b[j]
		}
	}
	return string(b)
}
