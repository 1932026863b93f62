package synth

import "strconv"

// Dates are whole days since 1970-01-01, converted with Howard Hinnant's
// civil-calendar algorithms: integer only, no time zones, no allocations.

func day(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	doy := (153*((m+9)%12)+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civil(z int) (y, m, d int) {
	z += 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	y = yoe + era*400
	if m <= 2 {
		y++
	}
	return y, m, d
}

var (
	paymentsFrom = day(2005, 1, 1)
	paymentsTo   = day(2023, 12, 31)
)

// iso formats a day as 2006-01-02.
func iso(z int) string {
	y, m, d := civil(z)
	b := [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d/10), byte('0' + d%10)}
	return string(b[:])
}

var monthAbbr = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// usShort formats a day as "Jan 2, 2006".
func usShort(z int) string {
	y, m, d := civil(z)
	return monthAbbr[m-1] + " " + strconv.Itoa(d) + ", " + strconv.Itoa(y)
}

// usNumeric formats a day as "01/02/2006" (month first).
func usNumeric(z int) string {
	s := iso(z)
	return s[5:7] + "/" + s[8:10] + "/" + s[:4]
}
