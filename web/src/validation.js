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
