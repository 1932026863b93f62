package boltstub

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
)

// PackStream, the value encoding of Bolt messages: as much of it as the
// stub needs to read a message's metadata (BEGIN's mode, ROUTE's answer)
// and to write the answers it makes up. Structures other than the message
// itself (nodes, dates) are read as a structure of their fields.

// structure is a PackStream structure: a tag and its fields. A Bolt
// message is one.
type structure struct {
	tag    byte
	fields []any
}

type decoder struct {
	b   []byte
	pos int
}

var errShort = errors.New("packstream: value runs past the end of the message")

func (d *decoder) next(n int) ([]byte, error) {
	if n < 0 || d.pos+n > len(d.b) {
		return nil, errShort
	}
	v := d.b[d.pos : d.pos+n]
	d.pos += n
	return v, nil
}

func (d *decoder) size(marker byte, small, b8, b16, b32 byte) (int, bool, error) {
	switch {
	case marker&0xF0 == small:
		return int(marker & 0x0F), true, nil
	case marker == b8:
		v, err := d.next(1)
		if err != nil {
			return 0, true, err
		}
		return int(v[0]), true, nil
	case marker == b16:
		v, err := d.next(2)
		if err != nil {
			return 0, true, err
		}
		return int(binary.BigEndian.Uint16(v)), true, nil
	case marker == b32:
		v, err := d.next(4)
		if err != nil {
			return 0, true, err
		}
		return int(binary.BigEndian.Uint32(v)), true, nil
	}
	return 0, false, nil
}

// value reads one value: nil, bool, int64, float64, string, []byte, []any,
// map[string]any or structure.
func (d *decoder) value() (any, error) {
	mb, err := d.next(1)
	if err != nil {
		return nil, err
	}
	m := mb[0]
	switch {
	case m <= 0x7F || m >= 0xF0:
		return int64(int8(m)), nil
	case m == 0xC0:
		return nil, nil
	case m == 0xC2, m == 0xC3:
		return m == 0xC3, nil
	case m == 0xC1:
		v, err := d.next(8)
		if err != nil {
			return nil, err
		}
		return math.Float64frombits(binary.BigEndian.Uint64(v)), nil
	case m >= 0xC8 && m <= 0xCB:
		v, err := d.next(1 << (m - 0xC8))
		if err != nil {
			return nil, err
		}
		switch len(v) {
		case 1:
			return int64(int8(v[0])), nil
		case 2:
			return int64(int16(binary.BigEndian.Uint16(v))), nil
		case 4:
			return int64(int32(binary.BigEndian.Uint32(v))), nil
		}
		return int64(binary.BigEndian.Uint64(v)), nil
	case m >= 0xCC && m <= 0xCE:
		n, _, err := d.size(m, 0xFF, 0xCC, 0xCD, 0xCE)
		if err != nil {
			return nil, err
		}
		v, err := d.next(n)
		return append([]byte(nil), v...), err
	}
	if n, ok, err := d.size(m, 0x80, 0xD0, 0xD1, 0xD2); ok {
		if err != nil {
			return nil, err
		}
		v, err := d.next(n)
		return string(v), err
	}
	if n, ok, err := d.size(m, 0x90, 0xD4, 0xD5, 0xD6); ok {
		if err != nil {
			return nil, err
		}
		list := make([]any, 0, min(n, 1024))
		for range n {
			v, err := d.value()
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		return list, nil
	}
	if n, ok, err := d.size(m, 0xA0, 0xD8, 0xD9, 0xDA); ok {
		if err != nil {
			return nil, err
		}
		out := make(map[string]any, min(n, 1024))
		for range n {
			k, err := d.value()
			if err != nil {
				return nil, err
			}
			key, isString := k.(string)
			if !isString {
				return nil, fmt.Errorf("packstream: map key is %T, not a string", k)
			}
			if out[key], err = d.value(); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	if m&0xF0 == 0xB0 {
		tag, err := d.next(1)
		if err != nil {
			return nil, err
		}
		s := structure{tag: tag[0]}
		for range int(m & 0x0F) {
			v, err := d.value()
			if err != nil {
				return nil, err
			}
			s.fields = append(s.fields, v)
		}
		return s, nil
	}
	return nil, fmt.Errorf("packstream: unknown marker 0x%02X", m)
}

// decodeMessage reads a whole Bolt message.
func decodeMessage(msg []byte) (structure, error) {
	d := &decoder{b: msg}
	v, err := d.value()
	if err != nil {
		return structure{}, err
	}
	s, ok := v.(structure)
	if !ok {
		return structure{}, fmt.Errorf("bolt: a message is a structure, got %T", v)
	}
	return s, nil
}

// encode appends v: nil, bool, int, int64, string, []string, []any,
// map[string]any (keys written sorted, so messages are reproducible) or
// structure.
func encode(b []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(b, 0xC0)
	case bool:
		if v {
			return append(b, 0xC3)
		}
		return append(b, 0xC2)
	case int:
		return encodeInt(b, int64(v))
	case int64:
		return encodeInt(b, v)
	case string:
		b = header(b, len(v), 0x80, 0xD0, 0xD1, 0xD2)
		return append(b, v...)
	case []string:
		b = header(b, len(v), 0x90, 0xD4, 0xD5, 0xD6)
		for _, s := range v {
			b = encode(b, s)
		}
		return b
	case []any:
		b = header(b, len(v), 0x90, 0xD4, 0xD5, 0xD6)
		for _, x := range v {
			b = encode(b, x)
		}
		return b
	case map[string]any:
		b = header(b, len(v), 0xA0, 0xD8, 0xD9, 0xDA)
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b = encode(encode(b, k), v[k])
		}
		return b
	case structure:
		b = append(b, 0xB0|byte(len(v.fields)), v.tag)
		for _, f := range v.fields {
			b = encode(b, f)
		}
		return b
	}
	panic(fmt.Sprintf("boltstub: cannot encode %T", v))
}

func header(b []byte, n int, small, b8, b16, b32 byte) []byte {
	switch {
	case n < 16:
		return append(b, small|byte(n))
	case n <= math.MaxUint8:
		return append(b, b8, byte(n))
	case n <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, b16), uint16(n))
	}
	return binary.BigEndian.AppendUint32(append(b, b32), uint32(n))
}

func encodeInt(b []byte, v int64) []byte {
	switch {
	case v >= -16 && v <= 127:
		return append(b, byte(int8(v)))
	case v >= math.MinInt8 && v <= math.MaxInt8:
		return append(b, 0xC8, byte(int8(v)))
	case v >= math.MinInt16 && v <= math.MaxInt16:
		return binary.BigEndian.AppendUint16(append(b, 0xC9), uint16(int16(v)))
	case v >= math.MinInt32 && v <= math.MaxInt32:
		return binary.BigEndian.AppendUint32(append(b, 0xCA), uint32(int32(v)))
	}
	return binary.BigEndian.AppendUint64(append(b, 0xCB), uint64(v))
}
