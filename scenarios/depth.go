package scenarios

import "fmt"

// maxDepth bounds how deeply TOML may nest: the parts of a dotted key plus
// the tables and arrays around it. The shipped scenarios need 5 at most.
// The TOML decoder's time and memory grow with the square of a key's parts
// (BurntSushi/toml issue 496: 16,000 parts in 38 KB take 5 GB), and deep
// arrays with their depth, so the source is checked before it is decoded.
const maxDepth = 32

// checkDepth returns the 1-based line on which src first nests deeper than
// maxDepth, or 0. It reads only as much of TOML as it needs: strings,
// comments, brackets and the dots between the parts of keys (a number's
// decimal point counts as one too, which only makes the bound stricter by
// one where a number follows).
func checkDepth(src string) int {
	line, brackets, dots := 1, 0, 0
	keyish := false // the last token could be part of a dotted key
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			line++
			dots, keyish = 0, false
			continue
		case c == ' ' || c == '\t' || c == '\r':
			continue
		case c == '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
			continue
		case c == '"' || c == '\'':
			i, line = skipString(src, i, line)
			keyish = true
			continue
		case c == '.':
			if keyish {
				dots++
			}
			keyish = false
		case c == '[' || c == '{':
			brackets++
			dots, keyish = 0, false
		case c == ']' || c == '}':
			brackets--
			dots, keyish = 0, false
		case c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			keyish = true
		default:
			dots, keyish = 0, false
		}
		if brackets+dots+1 > maxDepth {
			return line
		}
	}
	return 0
}

// skipString returns the index of the last byte of the string that starts
// at src[i] (or of src, if it does not end), and the line it ends on.
func skipString(src string, i, line int) (int, int) {
	q := src[i]
	multi := i+2 < len(src) && src[i+1] == q && src[i+2] == q
	if multi {
		i += 2
	}
	for i++; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\\' && q == '"':
			i++
			if i < len(src) && src[i] == '\n' {
				line++
			}
		case c == '\n':
			line++
			if !multi {
				return i - 1, line - 1 // an unended string: the decoder says so
			}
		case c == q && !multi:
			return i, line
		case c == q && i+2 < len(src) && src[i+1] == q && src[i+2] == q:
			for i+3 < len(src) && src[i+3] == q { // up to two quotes may close the content
				i++
			}
			return i + 2, line
		}
	}
	return len(src) - 1, line
}

// errTooDeep is the error for TOML nested deeper than maxDepth.
var errTooDeep = fmt.Errorf("nested more than %d deep (the parts of a dotted key, tables and lists): not a scenario", maxDepth)
