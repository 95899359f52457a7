// useRecord.js — the one record a detail page shows, loaded by the id in
// its route: loading while it comes, the error if it does not (not found,
// not in scope), and load() to fetch it again after a change.
import { ref, shallowRef, watch } from 'vue';

/**
 * `id` is a ref (or computed) to the record's id; `fetch(id)` loads it.
 * Returns `record` (null until loaded or after an error), `loading`,
 * `error` and load(). Loads at once and again whenever the id changes.
 */
export function useRecord(id, fetch) {
  const record = shallowRef(null);
  const loading = ref(true);
  const error = ref(null);

  async function load() {
    loading.value = true;
    error.value = null;
    try {
      record.value = await fetch(id.value);
    } catch (err) {
      record.value = null;
      error.value = err;
    } finally {
      loading.value = false;
    }
  }

  watch(id, load, { immediate: true });

  return { record, loading, error, load };
}
