// tests/lib/codes.mjs — valid national codes for test data: Unified Social
// Credit Codes (GB 32100-2015, with the GB 11714 organisation code inside)
// and resident ID numbers (GB 11643-1999). The same algorithms as
// src/base/codes.c, written again so that a test catches a wrong one.

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

function orgCode(first8) {
	const v = (c) => (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55);
	const sum = [...first8].reduce((s, c, i) => s + v(c) * ORG_WEIGHTS[i], 0);
	const c = 11 - (sum % 11);
	return first8 + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

/**
 * A USCC: authority and category (e.g. '52' a social service agency
 * registered by civil affairs, '91' an enterprise, '12' a public
 * institution, '11' a government body), the 6-digit division of the
 * registering authority and a serial number (0..).
 */
export function uscc(kind, division, serial) {
	const first17 = kind + division + orgCode(String(serial).padStart(8, '0'));
	const sum = [...first17].reduce((s, c, i) => s + USCC_CHARS.indexOf(c) * USCC_WEIGHTS[i], 0);
	return first17 + USCC_CHARS[(31 - (sum % 31)) % 31];
}

/** A resident ID number born on yyyymmdd in division (6 digits). */
export function idNumber(division, yyyymmdd, serial) {
	const first17 = division + yyyymmdd + String(serial).padStart(3, '0');
	const sum = [...first17].reduce((s, c, i) => s + Number(c) * ID_WEIGHTS[i], 0);
	return first17 + '10X98765432'[sum % 11];
}
