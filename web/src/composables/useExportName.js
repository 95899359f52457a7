// useExportName.js — the file name an export is saved under: what it is,
// where, and when, e.g. 组织机构_綦江区_2026-12-02.xlsx.
import { useI18n } from 'vue-i18n';
import { session } from '../session.js';
import { getDivision } from '../modules/division/api.js';
import { beijingDate } from '../format.js';

/**
 * Returns name(what, divisionCode, ext) → Promise of the file name. The
 * place is the division filtered on, else the user's own divisions, else
 * 本单位 for a scope of organisations or stations, else 全国.
 */
export function useExportName() {
  const { t } = useI18n();

  async function divisionName(code) {
    try {
      return (await getDivision(code)).name;
    } catch {
      return code; // the file is still worth saving under its code
    }
  }

  return async function name(what, divisionCode, ext) {
    const codes = divisionCode ? [divisionCode] : (session.user?.scope?.divisions ?? []);
    const scope = session.user?.scope ?? {};
    let place = t('list.wholeCountry');
    if (codes.length) place = (await Promise.all(codes.map(divisionName))).join('、');
    else if (scope.orgs?.length || scope.stations?.length) place = t('list.ownScope');
    // A file name may not hold a slash or other path characters.
    const safe = (s) => String(s).replace(/[\\/:*?"<>|]/g, '_');
    return `${safe(what)}_${safe(place)}_${beijingDate()}.${ext}`;
  };
}
