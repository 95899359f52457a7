// router.js — the route table: the login and not-found pages, and the
// modules' pages (modules/index.js) inside the workbench layout; who may
// open each (meta.permission) and what the menu shows. The server checks
// the same permissions on every API call; these entries only decide what
// the UI offers.
import { watch } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import { i18n } from './i18n/index.js';
import { session, ensureSession, can } from './session.js';
import MainLayout from './layout/MainLayout.vue';

import { modules } from './modules/index.js';

// The pages inside the workbench layout, in menu order (modules/index.js
// says what their meta holds).
const workbenchPages = modules.flatMap((m) => m.routes);
// A module's public pages (meta.public: open without a session, outside
// the workbench), such as the objection form of an award in notice.
const publicPages = modules.flatMap((m) => m.publicRoutes ?? []);

const routes = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./views/login/LoginView.vue'),
    meta: { title: 'login.title', public: true }, // public: open without a session
  },
  ...publicPages,
  { path: '/', component: MainLayout, children: workbenchPages },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./views/errors/NotFoundView.vue'),
    meta: { title: 'notFound.title', public: true },
  },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
});

function allowed(route) {
  return !route.meta.permission || can(route.meta.permission);
}

/** The menu pages the logged-in user may open, in menu order. */
export function menuRoutes() {
  return workbenchPages.filter((r) => r.meta.icon && allowed(r));
}

/** Only paths inside this app may be a target after login. */
export function safeRedirect(target) {
  const local = typeof target === 'string' && /^\/(?![/\\])/.test(target);
  return local ? target : '/';
}

router.beforeEach(async (to) => {
  await ensureSession();
  const user = session.user;
  if (to.meta.public) {
    return to.name === 'login' && user ? { path: safeRedirect(to.query.redirect) } : true;
  }
  if (!user) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  }
  if (!allowed(to)) {
    // A page the role may not open does not exist for it, as in the API
    // (outside the scope is 404, not 403).
    return {
      name: 'not-found',
      params: { pathMatch: to.path.slice(1).split('/') },
      query: to.query,
      hash: to.hash,
    };
  }
  return true;
});

function setTitle() {
  const { t } = i18n.global;
  const key = router.currentRoute.value.meta.title;
  document.title = key ? `${t(key)} - ${t('app.name')}` : t('app.name');
}

router.afterEach(setTitle);
watch(i18n.global.locale, setTitle);
