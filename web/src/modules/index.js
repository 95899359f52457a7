// modules/index.js — the UI's modules, in menu order. A module is a folder
// (modules/<name>/) with index.js ({ name, routes, messages }), routes.js,
// api.js, i18n.zh-CN.js, i18n.en.js and views/; adding one is its folder
// plus its name in ORDER below (the one shared line).
//
// A module may also export `publicRoutes`: pages open without a session,
// outside the workbench (router.js). A route's meta: `title` the i18n key of the page title, `permission` the
// permission (GET /me `permissions`) a user needs to open it (absent:
// every signed-in user), `icon` its menu icon (none: not in the menu),
// `menu` the name of the menu entry a page without one belongs under.
// Vite finds every modules/<name>/index.js at build time.
const found = import.meta.glob('./*/index.js', { eager: true, import: 'default' });

// Menu order, one line a module.
const ORDER = [
  'home',
  'approval',
  'division',
  'catalog',
  'org',
  'station',
  'coverage',
  'readiness',
  'eligibility',
  'plan',
  'project',
  'tender',
  'contract',
  'volunteer',
  'budget',
  'rules',
  'calendar',
  'user',
  'audit',
  'account',
];

export const modules = ORDER.map((name) => {
  const module = found[`./${name}/index.js`];
  if (!module) throw new Error(`modules/index.js names a module without a folder: ${name}`);
  return module;
});
for (const path of Object.keys(found)) {
  const name = path.split('/')[1];
  if (!ORDER.includes(name)) throw new Error(`modules/${name} is missing from ORDER`);
}
