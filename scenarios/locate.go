package scenarios

import (
	"strconv"
	"strings"
)

// locator finds the line on which a key path is defined in TOML source, so
// that errors found after decoding can point at the line. It understands
// table headers, dotted and quoted keys and multi-line strings; a key inside
// an inline table or a multi-line array is reported at its parent's line.
type locator struct {
	lines map[string]int // key path, parts joined with ".", to 1-based line
}

func newLocator(src string) *locator {
	l := &locator{lines: map[string]int{}}
	var table []string
	arrays := map[string]int{}
	inString := "" // the closing delimiter of a multi-line string we are in
	for n, line := range strings.Split(src, "\n") {
		n++
		s := strings.TrimSpace(line)
		if inString != "" {
			if strings.Count(s, inString)%2 == 1 {
				inString = ""
			}
			continue
		}
		switch {
		case s == "" || s[0] == '#':
			continue
		case strings.HasPrefix(s, "[["):
			key, _ := parseKey(s[2:])
			base := strings.Join(key, ".")
			path := base + "[" + strconv.Itoa(arrays[base]) + "]"
			arrays[base]++
			table = []string{path}
			l.add(path, n)
		case s[0] == '[':
			key, _ := parseKey(s[1:])
			table = key
			for i := range key {
				l.add(strings.Join(key[:i+1], "."), n)
			}
		default:
			key, rest := parseKey(s)
			if len(key) == 0 || !strings.HasPrefix(strings.TrimSpace(rest), "=") {
				continue
			}
			full := append(append([]string{}, table...), key...)
			for i := range full {
				l.add(strings.Join(full[:i+1], "."), n)
			}
			value := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), "="))
			for _, q := range []string{`"""`, `'''`} {
				if strings.HasPrefix(value, q) && strings.Count(value, q)%2 == 1 {
					inString = q
				}
			}
		}
	}
	return l
}

// add records the first line a path appears on.
func (l *locator) add(path string, line int) {
	if _, ok := l.lines[path]; !ok {
		l.lines[path] = line
	}
}

// line returns the line of path, or of its nearest ancestor that has one,
// or 0.
func (l *locator) line(path string) int {
	for path != "" {
		if n, ok := l.lines[path]; ok {
			return n
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return 0
}

// parseKey reads a dotted TOML key from the start of s and returns its parts
// and the rest of s.
func parseKey(s string) ([]string, string) {
	var parts []string
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return parts, s
		}
		var part string
		switch s[0] {
		case '"', '\'':
			end := strings.IndexByte(s[1:], s[0])
			if end < 0 {
				return parts, ""
			}
			part, s = s[1:1+end], s[2+end:]
		default:
			end := strings.IndexFunc(s, func(r rune) bool {
				return !(r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
			})
			if end < 0 {
				end = len(s)
			}
			if end == 0 {
				return parts, s
			}
			part, s = s[:end], s[end:]
		}
		parts = append(parts, part)
		s = strings.TrimLeft(s, " \t")
		if !strings.HasPrefix(s, ".") {
			return parts, s
		}
		s = s[1:]
	}
}
