// useFormSubmit.js — what every form dialog does around its request: check
// the form, show the saving state while the request runs, and put the
// server's error on the field it names (useServerErrors).
import { ref } from 'vue';
import { useServerErrors } from './useServerErrors.js';

/**
 * `fields` lists the form-item props that can show an error; `propOf(err)`
 * names the form-item prop an API error belongs on (err.field by default).
 * Returns `formRef` (bind as the el-form's ref), `saving`, the
 * useServerErrors() state, clearForm() (drop every error and validation
 * message) and submitWith(action): if the form validates, runs `action`
 * with saving set and shows the error it throws.
 */
export function useFormSubmit(fields, propOf = (err) => err.field) {
  const formRef = ref(null);
  const saving = ref(false);
  const errors = useServerErrors(fields);

  function clearForm() {
    errors.clearErrors();
    formRef.value?.clearValidate();
  }

  async function submitWith(action) {
    if (!(await formRef.value.validate().catch(() => false))) return;
    errors.clearErrors();
    saving.value = true;
    try {
      await action();
    } catch (err) {
      errors.showError(err, propOf(err));
    } finally {
      saving.value = false;
    }
  }

  return { formRef, saving, ...errors, clearForm, submitWith };
}
