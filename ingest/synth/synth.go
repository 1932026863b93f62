// Package synth generates a synthetic investigation: people, companies,
// agencies, banks, bank accounts, payments, meetings, court cases and charges
// as CSV files, with a mapping.yml that loads them with `casegraph ingest`.
//
// The output is a function of the seed and the sizes only: the same Options
// give byte-identical files on any machine. Generation streams: memory holds
// O(people + companies + accounts) state (names and account holders), never
// rows, so a million payments cost no more memory than a thousand.
//
// Ids carry their table in a one-letter prefix: people p000001, companies
// c000001, banks b000001, agencies (public bodies) g000001, accounts a000001,
// payments t0000001, meetings m000001, court cases k000001, charges q000001.
//
// Payments mix ordinary random transfers with the shapes an analyst looks
// for: layering chains (A pays B, B pays C later, C pays D later still, each
// a little less), fan-out (one payer, many beneficiaries within weeks), fan-in
// (many payers just under 10,000 to one beneficiary) and cycles (money
// returning to the account it left). Every payer pays from an account it
// holds and every beneficiary receives into one it holds.
//
// A payer or beneficiary may be a person or a company, and a mapping entity
// has one schema, so mapping.yml reads payments.csv four times, once per
// pair of kinds, filtered on purpose: the generator draws each payment's
// purpose from a list kept for its pair (see purposes). Account holders are
// linked from the payments for the same reason; every account makes at
// least one payment once there are as many ordinary payments as accounts.
package synth

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/casegraph/casegraph"
)

// Options sizes the generated tables.
type Options struct {
	Seed      int64 // deterministic: same seed and sizes -> byte-identical files
	People    int
	Companies int
	Agencies  int // PublicBody
	Banks     int // Companies acting as banks
	Accounts  int
	Payments  int
	Meetings  int
	Cases     int
	Charges   int
	Progress  func(done, total int64) // optional; called now and then with rows written
}

// Scaled returns Options for about rows payments, with the other tables in
// proportion: a person per 20 payments, a company per 40, an account per 10,
// a meeting per 100, a case per 1000 with five charges each, and a few of
// everything however small rows is.
func Scaled(rows int, seed int64) Options {
	cases := max(rows/1000, 3)
	return Options{
		Seed:      seed,
		People:    max(rows/20, 20),
		Companies: max(rows/40, 10),
		Agencies:  min(max(rows/10000, 6), len(agencies)*2),
		Banks:     min(max(rows/5000, 6), 60),
		Accounts:  max(rows/10, 30),
		Payments:  max(rows, 0),
		Meetings:  max(rows/100, 5),
		Cases:     cases,
		Charges:   5 * cases,
	}
}

// validate refuses sizes that would leave references dangling.
func (o Options) validate() error {
	for _, n := range []struct {
		name string
		v    int
	}{{"people", o.People}, {"companies", o.Companies}, {"agencies", o.Agencies}, {"banks", o.Banks},
		{"accounts", o.Accounts}, {"payments", o.Payments}, {"meetings", o.Meetings}, {"cases", o.Cases},
		{"charges", o.Charges}} {
		if n.v < 0 {
			return casegraph.Errorf(casegraph.EINVALID, "synth: %s must not be negative, got %d", n.name, n.v)
		}
	}
	need := func(ok bool, what string) error {
		if ok {
			return nil
		}
		return casegraph.Errorf(casegraph.EINVALID, "synth: %s", what)
	}
	for _, err := range []error{
		need(o.Companies == 0 || o.People > 0, "companies need at least one person as director"),
		need(o.Accounts == 0 || o.Banks > 0, "accounts need at least one bank"),
		need(o.Accounts == 0 || o.People+o.Companies > 0, "accounts need at least one person or company to hold them"),
		need(o.Payments == 0 || (o.Accounts >= 2 && o.People+o.Companies >= 2), "payments need at least two accounts and two holders"),
		need(o.Meetings == 0 || o.People >= 2, "meetings need at least two people"),
		need(o.Cases == 0 || o.Agencies > 0, "cases need at least one agency to prosecute them"),
		need(o.Charges == 0 || (o.Cases > 0 && o.People > 0), "charges need at least one case and one person"),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// Headers of the generated files, in the order Generate writes them.
var (
	peopleHeader     = []string{"person_id", "name", "aliases", "birth_date", "nationality", "position"}
	companiesHeader  = []string{"company_id", "name", "jurisdiction", "registration_number", "director_id", "owner_id"}
	agenciesHeader   = []string{"agency_id", "name", "jurisdiction"}
	banksHeader      = []string{"bank_id", "name", "country"}
	accountsHeader   = []string{"account_id", "iban", "holder_id", "bank_id", "currency", "opened"}
	paymentsHeader   = []string{"ref", "date", "amount", "currency", "payer_id", "payer_name", "payer_account", "beneficiary_id", "beneficiary_name", "beneficiary_account", "purpose"}
	meetingsHeader   = []string{"meeting_id", "date", "location", "summary"}
	attendanceHeader = []string{"meeting_id", "person_id"}
	casesHeader      = []string{"case_id", "case_number", "court", "status", "file_date", "close_date", "prosecutor_id"}
	chargesHeader    = []string{"charge_id", "case_id", "defendant_id", "count", "statute", "description", "outcome", "outcome_date"}
)

// Generate writes people.csv, companies.csv, agencies.csv, banks.csv,
// accounts.csv, payments.csv, meetings.csv, attendance.csv, cases.csv,
// charges.csv and mapping.yml into dir, creating it if needed.
func Generate(dir string, o Options) error {
	if err := o.validate(); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	g := newGen(o, int64(o.People+o.Companies+o.Agencies+o.Banks+o.Accounts+o.Payments+o.Meetings+o.Cases+o.Charges))
	tables := []struct {
		file   string
		header []string
		write  func(*csv.Writer) error
	}{
		{"people.csv", peopleHeader, g.writePeople},
		{"companies.csv", companiesHeader, g.writeCompanies},
		{"agencies.csv", agenciesHeader, g.writeAgencies},
		{"banks.csv", banksHeader, g.writeBanks},
		{"accounts.csv", accountsHeader, g.writeAccounts},
		{"payments.csv", paymentsHeader, g.writePayments},
		{"cases.csv", casesHeader, g.writeCases},
		{"charges.csv", chargesHeader, g.writeCharges},
	}
	for _, t := range tables {
		if err := writeCSV(filepath.Join(dir, t.file), t.header, t.write); err != nil {
			return err
		}
	}
	// Meetings and their attendance are written side by side.
	err := writeCSV(filepath.Join(dir, "attendance.csv"), attendanceHeader, func(attendance *csv.Writer) error {
		return writeCSV(filepath.Join(dir, "meetings.csv"), meetingsHeader, func(meetings *csv.Writer) error {
			return g.writeMeetings(meetings, attendance)
		})
	})
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "mapping.yml"), func(w io.Writer) error {
		return buildMapping(o.Seed).render(w)
	}); err != nil {
		return err
	}
	g.progress.finish()
	return nil
}

// WritePayments writes only the payments table, the same bytes as
// Generate's payments.csv for the same Options.
func WritePayments(w io.Writer, o Options) error {
	if err := o.validate(); err != nil {
		return err
	}
	g := newGen(o, int64(o.Payments))
	cw := csv.NewWriter(w)
	if err := cw.Write(paymentsHeader); err != nil {
		return fmt.Errorf("synth: payments: %w", err)
	}
	if err := g.writePayments(cw); err != nil {
		return fmt.Errorf("synth: payments: %w", err)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("synth: payments: %w", err)
	}
	g.progress.finish()
	return nil
}

// writeCSV creates path and writes header and rows through write.
func writeCSV(path string, header []string, write func(*csv.Writer) error) error {
	return writeFile(path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		if err := cw.Write(header); err != nil {
			return err
		}
		if err := write(cw); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	})
}

// writeFile creates path and writes it through a large buffer.
func writeFile(path string, write func(io.Writer) error) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("synth: %w", cerr)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<16)
	if err := write(bw); err != nil {
		return fmt.Errorf("synth: %s: %w", filepath.Base(path), err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("synth: %s: %w", filepath.Base(path), err)
	}
	return nil
}

const progressEvery = 10000

// progress counts rows written and reports every progressEvery of them.
type progress struct {
	fn          func(done, total int64)
	done, total int64
}

func (p *progress) row() {
	p.done++
	if p.fn != nil && p.done%progressEvery == 0 {
		p.fn(p.done, p.total)
	}
}

func (p *progress) finish() {
	if p.fn != nil {
		p.fn(p.done, p.total)
	}
}
