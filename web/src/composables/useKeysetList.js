// useKeysetList.js — page through a keyset-paginated list of the API
// ({items, next_cursor}): forwards with next_cursor, back through the
// cursors already seen.
import { markRaw, onMounted, reactive, ref } from 'vue';

/**
 * `fetchPage({limit, cursor})` loads one page. Returns a reactive object
 * with the state (items, page, hasNext, loading, error) and the moves
 * reload(), next() and prev(). A response that arrives after a newer
 * request was made is dropped, so quick filter changes never show stale
 * rows.
 */
export function useKeysetList(fetchPage, pageSize = 20) {
  // cursors[i] opens page i + 1; page 1 has none.
  let cursors = [null];
  let nextCursor = null;
  let latest = 0;

  const list = reactive({
    items: [],
    page: 1,
    hasNext: false,
    loading: false,
    error: null,
    reload,
    next,
    prev,
  });

  async function load(number) {
    const ticket = ++latest;
    list.loading = true;
    try {
      const res = await fetchPage({ limit: pageSize, cursor: cursors[number - 1] });
      if (ticket !== latest) return;
      list.items = res.items;
      nextCursor = res.next_cursor ?? null;
      list.hasNext = nextCursor !== null;
      list.page = number;
      list.error = null;
    } catch (err) {
      if (ticket === latest) list.error = markRaw(err);
    } finally {
      if (ticket === latest) list.loading = false;
    }
  }

  function reload() {
    cursors = [null];
    return load(1);
  }

  function next() {
    if (!list.hasNext) return Promise.resolve();
    cursors[list.page] = nextCursor;
    return load(list.page + 1);
  }

  function prev() {
    return list.page > 1 ? load(list.page - 1) : Promise.resolve();
  }

  return list;
}

/**
 * A keyset list behind a filter form. `blankFilter()` makes the empty
 * filter; `fetchList(params)` loads one page with the filter's values and
 * {limit, cursor}. Returns `filter` (the inputs being typed), `applied`
 * (a ref to the filter the list was loaded with: paging and exports keep
 * it even if the inputs have changed since), the `list` of
 * useKeysetList(), search() (apply the inputs, texts trimmed, from page 1)
 * and resetFilter(). The first search runs when the component is mounted.
 */
export function useFilteredList(blankFilter, fetchList, pageSize = 20) {
  const filter = reactive(blankFilter());
  const applied = ref(blankFilter());
  const list = useKeysetList((page) => fetchList({ ...applied.value, ...page }), pageSize);

  function search() {
    applied.value = Object.fromEntries(
      Object.entries(filter).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v]),
    );
    list.reload();
  }

  function resetFilter() {
    Object.assign(filter, blankFilter());
    search();
  }

  onMounted(search);

  return { filter, applied, list, search, resetFilter };
}
