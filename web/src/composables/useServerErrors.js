// useServerErrors.js — put an API error on the form field it names
// (el-form-item's `error` prop) or, if it names no shown field, in an
// alert above the form. Texts follow the UI language as it changes.
import { computed, shallowRef } from 'vue';
import { apiErrorText } from '../i18n/index.js';

/**
 * `fields` lists the form-item props that can show an error. Returns
 * `fieldErrors` (prop → message, bind as :error), `formError` (text for an
 * alert, or ''), clearErrors(), and showError(err, prop) where `prop` is
 * the form-item prop that err.field corresponds to (err.field by default).
 */
export function useServerErrors(fields) {
  const current = shallowRef(null); // { err, prop } or null

  const fieldErrors = computed(() =>
    Object.fromEntries(
      fields.map((f) => [f, current.value?.prop === f ? apiErrorText(current.value.err) : '']),
    ),
  );
  const formError = computed(() => {
    const c = current.value;
    return c && !fields.includes(c.prop) ? apiErrorText(c.err) : '';
  });

  function clearErrors() {
    current.value = null;
  }

  function showError(err, prop = err.field) {
    current.value = { err, prop };
  }

  return { fieldErrors, formError, clearErrors, showError };
}
