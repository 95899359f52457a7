// validation.js — the API's input rules, checked in forms before sending
// so that people see the problem on the field at once. The server checks
// the same rules again and its answer is what counts.

/** Username: 3–32 of [a-z0-9_.-] (API contract, users). */
export const USERNAME_RE = /^[a-z0-9_.-]{3,32}$/;

/** Statistical division code of 2, 4, 6, 9 or 12 digits. */
export const DIVISION_CODE_RE = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/;

/** Positive whole number, as a station or organisation id. */
export const ID_RE = /^[1-9]\d{0,17}$/;

/** Password length rule R-AUTH-1: 12–128 code points (CJK allowed). */
export function passwordLengthOk(password) {
  const length = [...(password ?? '')].length;
  return length >= 12 && length <= 128;
}

// Element Plus form rules. Each message is looked up when the rule fails,
// with the `t` of the calling component, so it is in the language shown
// at that moment.

function check(test, message) {
  return (_rule, value, callback) => callback(test(value) ? undefined : new Error(message()));
}

/** A field that must not be blank; `messageKey` names the i18n message. */
export function requiredRule(t, messageKey, trigger = 'blur') {
  const filled = (v) => String(v ?? '').trim() !== '';
  return { required: true, trigger, validator: check(filled, () => t(messageKey)) };
}

export function usernameRules(t) {
  const valid = (v) => USERNAME_RE.test(v ?? '');
  return [
    { required: true, trigger: 'blur', validator: check(valid, () => t('users.usernameInvalid')) },
  ];
}

export function passwordRules(t) {
  const message = () => t('password.invalidLength');
  return [{ required: true, trigger: 'blur', validator: check(passwordLengthOk, message) }];
}

/** The confirmation must equal `password()`. */
export function confirmRules(t, password) {
  const same = (v) => v === password();
  return [
    { required: true, trigger: 'blur', validator: check(same, () => t('password.mismatch')) },
  ];
}

// ---- National codes (a port of src/base/codes.c) -------------------------
//
// Each check returns null for a valid value, or { key, params } naming the
// i18n message (under `codes.`) that says what is wrong, the way the
// server words it: the part that is wrong, never the value.

/** GB 32100-2015 4.1: digits and upper-case letters without I, O, Z, S, V. */
const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** GB 11714-1997: weights of the 8 body characters of an organisation code. */
const ORGCODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';
/** Registration authorities (position 1) and their categories (position 2). */
const USCC_AUTHORITIES = {
  1: '1239',
  2: '19',
  3: '123459',
  4: '19',
  5: '12349',
  6: '129',
  7: '129',
  8: '19',
  9: '123',
  A: '19',
  N: '1239',
  Y: '1',
};

/** Province-level codes of GB/T 2260; with83 adds Taiwan residents' 83. */
function provinceValid(code, with83) {
  const ranges = [
    [11, 15],
    [21, 23],
    [31, 37],
    [41, 46],
    [50, 54],
    [61, 65],
  ];
  if (ranges.some(([lo, hi]) => code >= lo && code <= hi)) return true;
  if (code === 71 || code === 81 || code === 82) return true;
  return with83 && code === 83;
}

function usccCheckChar(s) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(s[i]) * USCC_WEIGHTS[i];
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

function orgcodeCheckChar(s) {
  const value = (c) => (c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += value(s[i]) * ORGCODE_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** What is wrong with a Unified Social Credit Code, or null. */
export function usccProblem(value) {
  const s = String(value ?? '');
  if (s.length !== 18) return { key: 'codes.usccLength' };
  for (let i = 0; i < 18; i++) {
    if (USCC_CHARSET.includes(s[i])) continue;
    const key = s[i] >= 'a' && s[i] <= 'z' ? 'codes.usccLower' : 'codes.usccChar';
    return { key, params: { n: i + 1 } };
  }
  if (usccCheckChar(s) !== s[17]) return { key: 'codes.usccCheck' };
  const categories = USCC_AUTHORITIES[s[0]];
  if (!categories) return { key: 'codes.usccAuthority' };
  if (!categories.includes(s[1])) return { key: 'codes.usccCategory' };
  const division = s.slice(2, 8);
  const province = Number(division.slice(0, 2));
  if (!/^\d{6}$/.test(division) || (province !== 10 && !provinceValid(province, false)))
    return { key: 'codes.usccDivision' };
  // Positions 9-17 are in the USCC set, hence valid GB 11714 characters.
  if (orgcodeCheckChar(s.slice(8, 16)) !== s[16]) return { key: 'codes.usccOrgcode' };
  return null;
}

function dateValid(y, m, d) {
  const mdays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= mdays[m - 1] + (m === 2 && leap ? 1 : 0);
}

/** Today as YYYYMMDD in Beijing time, for the birth-date check. */
function todayNumber() {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date());
  const part = Object.fromEntries(parts.map((p) => [p.type, p.value]));
  return Number(`${part.year}${part.month}${part.day}`);
}

/**
 * What is wrong with a resident ID number (GB 11643-1999, ISO 7064
 * MOD 11-2), or null. A lower-case x as the check character is accepted.
 */
export function idNumberProblem(value, today = todayNumber()) {
  const s = String(value ?? '');
  if (s.length !== 18) return { key: 'codes.idLength' };
  const last = s[17] === 'x' ? 'X' : s[17];
  if (!/^\d{17}$/.test(s.slice(0, 17)) || !/^[\dX]$/.test(last)) return { key: 'codes.idFormat' };
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * ID_WEIGHTS[i];
  if (ID_CHECK_CHARS[sum % 11] !== last) return { key: 'codes.idCheck' };
  if (!provinceValid(Number(s.slice(0, 2)), true)) return { key: 'codes.idProvince' };
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  if (y < 1800 || !dateValid(y, m, d)) return { key: 'codes.idBirth' };
  if (y * 10000 + m * 100 + d > today) return { key: 'codes.idFuture' };
  return null;
}

/** A date YYYY-MM-DD from 1900 to 2100, as the server accepts (clock.c). */
export function isoDateValid(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value ?? ''));
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= 1900 && y <= 2100 && dateValid(y, mo, d);
}

/** A form rule from a problem function (usccProblem, idNumberProblem). */
export function codeRule(t, problem, trigger = 'blur') {
  return {
    required: true,
    trigger,
    validator(_rule, value, callback) {
      const p = problem(String(value ?? '').trim());
      callback(p ? new Error(t(p.key, p.params ?? {})) : undefined);
    },
  };
}

/** An optional date YYYY-MM-DD. */
export function dateRule(t, messageKey = 'codes.date') {
  return {
    trigger: 'blur',
    validator(_rule, value, callback) {
      const v = String(value ?? '').trim();
      callback(v === '' || isoDateValid(v) ? undefined : new Error(t(messageKey)));
    },
  };
}

/** A whole number from 0 to max (the counts of an organisation's facts). */
export function countRule(t, max) {
  return {
    trigger: 'change',
    validator(_rule, value, callback) {
      const ok = Number.isInteger(value) && value >= 0 && value <= max;
      callback(ok ? undefined : new Error(t('codes.count', { max })));
    },
  };
}
