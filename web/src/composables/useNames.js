// useNames.js — the names of divisions, organisations and stations that
// the UI has only the codes or ids of (a user's scope), looked up once per
// session and shared by every page. Until a name has come (or when it
// cannot be read, outside the reader's scope) the code stands in, marked.
import { reactive } from 'vue';
import { getDivision } from '../modules/division/api.js';
import { getOrg } from '../modules/org/api.js';
import { getStation } from '../modules/station/api.js';
import { can } from '../session.js';

const FETCH = { division: getDivision, org: getOrg, station: getStation };
// The permission a reader needs to be told a name (divisions: everyone's).
// Without it nothing is asked: the refusal would be audited as a denied
// request (the audit administrator reading the users list, say).
const NEEDS = { org: 'org.read', station: 'station.read' };
const names = reactive({ division: {}, org: {}, station: {} });
const asked = { division: new Set(), org: new Set(), station: new Set() };

/**
 * The name of the `kind` ('division' | 'org' | 'station') with this code
 * or id, or null while it is not known; asks the server the first time.
 */
export function nameOf(kind, key) {
  const k = String(key);
  if (!asked[kind].has(k)) {
    asked[kind].add(k);
    if (NEEDS[kind] && !can(NEEDS[kind])) {
      names[kind][k] = false;
      return null;
    }
    FETCH[kind](k)
      .then((x) => {
        names[kind][k] = x.name;
      })
      .catch(() => {
        names[kind][k] = false; // unknown to this reader
      });
  }
  return names[kind][k] || null;
}

/**
 * A scope in words: "行政区划：綦江区、古南街道", "机构：綦江区心连心…", with
 * the code or number in place of a name that cannot be read. `t` is the
 * translator; an empty scope is `t('common.none')`.
 */
export function scopeText(scope, t) {
  const part = (kind, keys, label) =>
    keys?.length
      ? t(label, {
          list: keys
            .map((k) => nameOf(kind, k) ?? t('scope.numbered', { n: k }))
            .join(t('scope.separator')),
        })
      : null;
  const parts = [
    part('division', scope?.divisions, 'scope.divisionsShow'),
    part('org', scope?.orgs, 'scope.orgsShow'),
    part('station', scope?.stations, 'scope.stationsShow'),
  ].filter(Boolean);
  return parts.length ? parts.join(t('scope.partSeparator')) : t('common.none');
}

/** Forget every name (at logout: the next user may see others). */
export function forgetNames() {
  for (const kind of Object.keys(names)) {
    names[kind] = {};
    asked[kind].clear();
  }
}
