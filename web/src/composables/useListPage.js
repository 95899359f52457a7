// useListPage.js — the state of a list page kept in its address: the
// filter, the sort, the page size and the page (a keyset cursor). Opening
// a row and coming back (a link or the browser's Back) finds the list as
// it was left; every change of the filter, sort, size or page is a new
// history entry.
//
// The cursors of the pages before the current one are remembered for the
// session (by filter, sort and size), so "previous page" works after
// coming back; after a reload it starts again from page 1.
import { markRaw, reactive, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';

export const PAGE_SIZES = [20, 50, 100, 200];
const MAX_LIMIT = 200;

// "filter+sort+limit" → cursors[i] opening page i + 1.
const cursorMemory = new Map();

function clean(value) {
  return typeof value === 'string' ? value.trim() : value;
}

/**
 * `blankFilter()` makes the empty filter (its keys are the query
 * parameters, its values strings); `fetchPage(params)` loads one page with
 * the filter's values, `sort`, `limit` and `cursor` and returns {items,
 * next_cursor, total?}. Returns a reactive object: `filter` (the inputs
 * being typed), `applied` (the filter of the rows shown: exports use it),
 * items, total (null when the server does not count), page, hasNext,
 * limit, sort ({prop, order} or null), loading, error, and the moves
 * search(), resetFilter(), next(), prev(), setSort(prop, order),
 * setLimit(n) and reload().
 */
export function useListPage(blankFilter, fetchPage, pageSize = 20) {
  const route = useRoute();
  const router = useRouter();
  const routeName = route.name;
  const keys = Object.keys(blankFilter());
  let latest = 0;
  let nextCursor = null;

  const list = reactive({
    filter: blankFilter(),
    applied: blankFilter(),
    items: [],
    total: null,
    page: 1,
    hasNext: false,
    limit: pageSize,
    sort: null,
    loading: false,
    error: null,
    search,
    resetFilter,
    next,
    prev,
    setSort,
    setLimit,
    reload,
  });

  function stateFromQuery(q) {
    const applied = blankFilter();
    for (const k of keys) if (typeof q[k] === 'string') applied[k] = q[k];
    const limit = Math.min(Number.parseInt(q.limit, 10) || pageSize, MAX_LIMIT);
    const sort = typeof q.sort === 'string' && q.sort ? q.sort : '';
    const page = Math.max(Number.parseInt(q.page, 10) || 1, 1);
    const cursor = typeof q.cursor === 'string' && q.cursor ? q.cursor : null;
    return { applied, limit, sort, page: cursor ? page : 1, cursor };
  }

  function memoryKey(s) {
    return JSON.stringify([s.applied, s.sort, s.limit]);
  }

  /** The address of a state: only what differs from the default. */
  function queryOf({ applied, sort, limit, page, cursor }) {
    const q = {};
    for (const k of keys) if (applied[k] !== '' && applied[k] != null) q[k] = String(applied[k]);
    if (sort) q.sort = sort;
    if (limit !== pageSize) q.limit = String(limit);
    if (cursor) {
      q.cursor = cursor;
      q.page = String(page);
    }
    return q;
  }

  function current() {
    return {
      applied: { ...list.applied },
      sort: sortParam(list.sort),
      limit: list.limit,
      page: list.page,
      cursor: null,
    };
  }

  /** Show `state`: a new history entry, or a fresh load when it is the one shown. */
  function go(state) {
    const query = queryOf(state);
    const same =
      JSON.stringify(Object.entries(query).sort()) ===
      JSON.stringify(Object.entries(route.query).sort());
    return same ? load(state) : router.push({ query });
  }

  async function load(state) {
    const ticket = ++latest;
    list.applied = { ...state.applied };
    list.limit = state.limit;
    list.sort = sortFromParam(state.sort);
    list.loading = true;
    list.error = null;
    const memory = cursorMemory.get(memoryKey(state)) ?? [null];
    try {
      const res = await fetchPage({
        ...state.applied,
        sort: state.sort || undefined,
        limit: state.limit,
        cursor: state.cursor ?? undefined,
      });
      if (ticket !== latest) return;
      list.items = res.items;
      list.total = typeof res.total === 'number' ? res.total : null;
      nextCursor = res.next_cursor ?? null;
      list.hasNext = nextCursor !== null;
      list.page = state.page;
      memory[state.page - 1] = state.cursor;
      cursorMemory.set(memoryKey(state), memory);
    } catch (err) {
      if (ticket !== latest) return;
      // No stale rows under an error.
      list.items = [];
      list.total = null;
      list.hasNext = false;
      list.error = markRaw(err);
    } finally {
      if (ticket === latest) list.loading = false;
    }
  }

  function fromRoute() {
    if (route.name !== routeName) return; // leaving: the next page's query is not ours
    const state = stateFromQuery(route.query);
    Object.assign(list.filter, state.applied);
    load(state);
  }

  watch(() => route.query, fromRoute, { immediate: true });

  function search() {
    const applied = Object.fromEntries(keys.map((k) => [k, clean(list.filter[k])]));
    return go({ ...current(), applied });
  }

  function resetFilter() {
    Object.assign(list.filter, blankFilter());
    return search();
  }

  function next() {
    if (!list.hasNext) return Promise.resolve();
    return go({ ...current(), page: list.page + 1, cursor: nextCursor });
  }

  function prev() {
    if (list.page <= 1) return Promise.resolve();
    const memory = cursorMemory.get(memoryKey(current())) ?? [];
    const page = memory[list.page - 2] !== undefined ? list.page - 1 : 1;
    return go({ ...current(), page, cursor: memory[page - 1] ?? null });
  }

  /** Sort by `prop` ('ascending' | 'descending' | null), from page 1. */
  function setSort(prop, order) {
    const sort = prop && order ? { prop, order } : null;
    return go({ ...current(), sort: sortParam(sort) });
  }

  function setLimit(n) {
    return go({ ...current(), limit: Math.min(Number(n) || pageSize, MAX_LIMIT) });
  }

  /** Load page 1 again (after a change): the rows may have moved. */
  function reload() {
    return go(current());
  }

  return list;
}

/** The API's sort parameter: "name" ascending, "-name" descending. */
function sortParam(sort) {
  if (!sort) return '';
  return sort.order === 'descending' ? `-${sort.prop}` : sort.prop;
}

function sortFromParam(p) {
  if (!p) return null;
  return p.startsWith('-')
    ? { prop: p.slice(1), order: 'descending' }
    : { prop: p, order: 'ascending' };
}
